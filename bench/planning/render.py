"""Loads Fulcrum's /plan page in headless Chromium through chromedriver and reports
the page's own timing of the grid (window.fulcrumGridTiming), median of N loads.

Usage: render.py BASE_URL N   (prints one JSON object)
Standard library only: WebDriver is JSON over HTTP.
"""
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(driver, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(driver + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.load(reply)["value"]


def main():
    base, loads = sys.argv[1], int(sys.argv[2])
    port = free_port()
    chromedriver = subprocess.Popen(["chromedriver", f"--port={port}"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(driver, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"]}}}}
        session = call(driver, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(driver, "POST", s + "/url", {"url": base + "/login"})
        for name, value in (("name", "admin"), ("password", "fulcrum-demo")):
            element = call(driver, "POST", s + "/element",
                           {"using": "css selector", "value": f"input[name={name}]"})
            element_id = next(iter(element.values()))
            call(driver, "POST", f"{s}/element/{element_id}/value", {"text": value})
        call(driver, "POST", s + "/execute/sync",
             {"script": "document.querySelector('form').submit();", "args": []})
        time.sleep(1)
        timings = []
        for _ in range(loads):
            call(driver, "POST", s + "/url", {"url": base + "/plan"})
            timing = None
            for _ in range(1200):
                timing = call(driver, "POST", s + "/execute/sync",
                              {"script": "return window.fulcrumGridTiming || null;", "args": []})
                if timing:
                    break
                time.sleep(0.05)
            if not timing:
                raise SystemExit("the grid never finished loading")
            timings.append(timing)
        call(driver, "DELETE", s)
    finally:
        chromedriver.kill()
    print(json.dumps({
        "loads": loads,
        "nodes": timings[0]["nodes"],
        "rows": timings[0]["rows"],
        "fetch_median_ms": round(statistics.median(t["fetch_ms"] for t in timings), 1),
        "render_median_ms": round(statistics.median(t["render_ms"] for t in timings), 1),
        "render_best_ms": round(min(t["render_ms"] for t in timings), 1),
        "target_ms": 1000,
    }))


if __name__ == "__main__":
    main()
