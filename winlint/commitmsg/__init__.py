"""Commit messages: `winlint commit-msg FILE`, the `winlint-commit-msg` pre-commit hook.

In: the file git hands a commit-msg hook (.git/COMMIT_EDITMSG): the message, git's comment lines
and, with `git commit -v`, a scissors line followed by the diff.
Out: the findings of the message alone, as `winlint check` prints them, and its exit status (0, 1
at or above --fail-level, 2 for a problem you can fix). Comment lines and everything from the
scissors line on are blanked, not removed, so lines and columns point into the file as it is.
"""
