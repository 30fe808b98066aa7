"""`winlint serve` in a real headless browser: Debian's chromium and chromedriver through selenium.

Skipped only when chromium or chromedriver is missing and CI is not set; under CI=true a missing
browser fails the test (`.ci/run` installs them). WINLINT_SCREENSHOT=path saves a screenshot of the
page with a draft loaded (how docs/serve.png is made).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
IN_CI = os.environ.get("CI", "").lower() == "true"

if not (CHROMIUM and CHROMEDRIVER):
    if IN_CI:
        pytest.fail("CI=true but chromium/chromedriver are missing: .ci/run installs them "
                    "(apt-get install chromium chromium-driver)", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

selenium = pytest.importorskip("selenium") if not IN_CI else __import__("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

DRAFT = ("Hi Sam,\n\nThanks for the notes on the launch plan. I need to get them to work harder before Friday."
         "\n\nIf finance objects again, we have to win this argument. Per my last email, the budget is fixed."
         "\n\nDana\n")
PHRASE = "get them to work harder"


def first_rewrite(text: str):
    """(rewrite, text after it) for the first finding, from the engine: its first reframe of kind
    "rewrite" over its range, else its first suggestion over the phrase."""
    import winlint
    f = winlint.lint_text(text)[0]
    r = next((r for r in getattr(f, "reframes", None) or [] if r["kind"] == "rewrite"), None)
    if r:
        return r["text"], text[:r["start"]] + r["text"] + text[r["end"]:]
    return f.suggestions[0], text[:f.start] + f.suggestions[0] + text[f.end:]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "notes.md").write_text("# Notes\n\nWe have to win this argument with finance.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "winlint", "serve", "--port", "0"], cwd=root,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    line = proc.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert m, f"no address in {line!r}"
    yield m.group(0), root
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    os.environ.setdefault("SE_AVOID_STATS", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1280,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(180)
    yield driver
    driver.quit()


def wait(driver, timeout=180):
    return WebDriverWait(driver, timeout)


def test_paste_highlight_reframe_accept(site, browser):
    url, _ = site
    browser.get(url)
    assert browser.title == "winlint"
    draft = browser.find_element(By.ID, "draft")
    draft.send_keys(DRAFT)
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#preview mark")) == 3)
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#preview mark")]
    assert marks == [PHRASE, "win this argument", "Per my last email"]
    reframes = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#findings .reframe")]
    rewrite, expected = first_rewrite(DRAFT)
    assert rewrite in reframes
    card = browser.find_element(By.CSS_SELECTOR, "#findings .card")
    assert "WW101" in card.text and "Apply step: Reframe to shared interests" in card.text
    assert "3 finding(s) in" in browser.find_element(By.ID, "summary").text
    if os.environ.get("WINLINT_SCREENSHOT"):
        browser.save_screenshot(os.environ["WINLINT_SCREENSHOT"])

    browser.find_element(By.CSS_SELECTOR, "#findings .accept").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "draft").get_property("value") == expected)
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#preview mark")) == 2
                        and "2 finding(s)" in d.find_element(By.ID, "status").text)
    assert PHRASE not in browser.find_element(By.ID, "preview").text
    assert rewrite in browser.find_element(By.ID, "preview").text

    browser.find_element(By.ID, "copy").click()
    wait(browser).until(lambda d: "copied" in d.find_element(By.ID, "status").text)


def test_open_a_file_from_the_folder(site, browser):
    url, root = site
    browser.get(url)
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#files option")) > 1)
    Select(browser.find_element(By.ID, "files")).select_by_value("notes.md")
    wait(browser).until(lambda d: d.find_element(By.ID, "draft").get_property("value")
                        == (root / "notes.md").read_text(encoding="utf-8"))
    assert Select(browser.find_element(By.ID, "format")).first_selected_option.get_attribute("value") == "markdown"
    mark = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#preview mark")))
    assert "win" in mark.text.lower()


def test_page_makes_no_outside_requests(site, browser):
    url, _ = site
    browser.get(url)
    time.sleep(0.5)
    names = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert names and all(n.startswith(url) for n in names), names
