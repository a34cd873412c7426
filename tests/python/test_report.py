"""The report to share: one HTML file that a real browser (headless Chromium, driven by
selenium) opens without a network, with every chart drawn and no error in its console."""

import json
import re
import shutil
import subprocess

import pytest

import tipsim


@pytest.fixture(scope="module")
def report(comparison_batch, tmp_path_factory):
    return comparison_batch.report(tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "Debian's chromium and chromium-driver are part of the set-up"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
                     # no network at all: any request for a page or a resource would fail
                     "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


def test_the_report_is_one_file_that_needs_nothing_else(report):
    page = report.read_text()
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:)""", page)  # every resource is inline
    charts = re.findall(r'<img class="chart" alt="chart" src="data:image/svg\+xml;base64,', page)
    assert len(charts) >= 4


def test_headless_chromium_opens_the_report_offline_draws_every_chart_and_logs_no_error(report, browser):
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    assert browser.title.endswith("tipsim report")
    images = browser.find_elements(By.TAG_NAME, "img")
    assert images
    for image in images:
        drawn = browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0 && arguments[0].naturalHeight > 0",
            image)
        assert drawn, image.get_attribute("src")[:80]
        assert image.size["width"] > 100 and image.size["height"] > 100
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    fetched = [message["params"]["request"]["url"] for message in requests
               if message["method"] == "Network.requestWillBeSent"]
    assert report.as_uri() in fetched
    assert not [url for url in fetched if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))], fetched


def test_the_report_gives_verdicts_costs_series_and_provenance(report, comparison_batch):
    page = report.read_text()
    effects = comparison_batch.compare(metrics=list(tipsim._core.main_metrics()))
    for verdict in effects.loc[effects["direction"] != "baseline", "verdict"]:
        assert verdict.replace("'", "&#x27;") in page
    assert "Cost per outcome averted" in page
    assert "extra policy cost per unit of victim weeks averted" in page
    assert "extra policy cost per unit of people first trafficked averted" in page
    assert "cost per outcome averted (people first trafficked): " in page
    assert "Over time" in page
    for value in (comparison_batch.metadata["git_commit"], comparison_batch.metadata["tipsim_version"],
                  str(comparison_batch.runs["seed"].iloc[0]), comparison_batch.metadata["command"]):
        assert value in page
    assert "the batch file" in page and "every parameter as it ran" in page


def test_tipsim_report_on_the_command_line_writes_the_same_report(comparison_batch, tipsim_executable, tmp_path):
    out = tmp_path / "cli.html"
    done = subprocess.run([tipsim_executable, "report", comparison_batch.path, "-o", str(out), "--baseline",
                           "policy.women_share=0.03", "--metrics", "peacekeeper_purchases"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert "clearly fewer peacekeeper purchases" in page
    assert f"{tipsim_executable} report" in page  # how it was made
    bad = subprocess.run([tipsim_executable, "report", str(out)], capture_output=True, text=True)
    assert bad.returncode == 2 and "not an HDF5 file" in bad.stderr
    typo = subprocess.run([tipsim_executable, "report", comparison_batch.path, "-o", str(out), "--metrics",
                           "victims_recruted"], capture_output=True, text=True)
    assert typo.returncode == 2 and "did you mean 'victims_recruited'" in typo.stderr
