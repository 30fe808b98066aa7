"""The bare spaCy floor: tokenize a file the way winlint should, streaming paragraphs.

    python floor.py FILE [--sentencizer]

Reads FILE line by line, yields blank-line separated paragraphs, and runs them through
spacy.blank("en").pipe() (plus the sentencizer with --sentencizer). Nothing is kept: each Doc
is dropped once counted, so memory stays flat. Prints "<tokens> <paragraphs>" on stdout.
Run as a whole process by run.py, which times it and reads its peak RSS.
"""

import sys


def paragraphs(path):
    buf = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                buf.append(line)
            elif buf:
                yield "".join(buf)
                buf = []
    if buf:
        yield "".join(buf)


def main(argv):
    import spacy

    nlp = spacy.blank("en")
    if "--sentencizer" in argv:
        nlp.add_pipe("sentencizer")
    tokens = pars = 0
    for doc in nlp.pipe(paragraphs(argv[1])):
        tokens += len(doc)
        pars += 1
    print(tokens, pars)


if __name__ == "__main__":
    main(sys.argv)
