"""Save full-page screenshots of a running Oversight demo for the documentation.

Signs in through the sign-in form as the given demo user, then saves each PATH=FILE
pair as docs/images/FILE:

    python scripts/screenshots.py --user board /=home.png /contracts/CSSC/=contract.png

Uses Debian's Chromium (/usr/bin/chromium) through Playwright.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urljoin

from chromium import launch_chromium  # scripts/, the folder this script runs from
from playwright.sync_api import sync_playwright

DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
DEMO_PASSWORD = "oversight-demo-2018"


def shot(text: str) -> tuple[str, str]:
    # Split at the last "=", so that a path may carry a query string (?status=live).
    path, _, filename = text.rpartition("=")
    if not path.startswith("/") or not filename.endswith(".png") or "/" in filename:
        raise argparse.ArgumentTypeError(f"expected /PATH=FILE.png, got {text!r}")
    return path, filename


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shots", nargs="+", type=shot, metavar="/PATH=FILE.png")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="board", help="demo user to sign in as")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--width", type=int, default=1280, help="viewport width in pixels")
    parser.add_argument("--out", type=Path, default=DOCS_IMAGES)
    parser.add_argument(
        "--max-height",
        type=int,
        default=0,
        help="cut full-page shots to this many pixels (0: the whole page)",
    )
    return parser.parse_args(argv)


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(urljoin(base_url, "/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        sys.exit(f"Could not sign in as {username} at {base_url}")


def main(argv=None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": args.width, "height": 800})
        sign_in(page, args.base_url, args.user, args.password)
        for path, filename in args.shots:
            response = page.goto(urljoin(args.base_url, path))
            if response is None or not response.ok:
                sys.exit(f"{path} answered {response and response.status}")
            # Charts are drawn after load; wait until nothing more is fetched.
            page.wait_for_load_state("networkidle")
            clip = None
            if args.max_height:
                height = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": args.width, "height": min(height, args.max_height)}
            page.screenshot(
                path=args.out / filename, full_page=True, clip=clip, animations="disabled"
            )
            print(f"{path} -> {args.out / filename}")
        browser.close()


if __name__ == "__main__":
    main()
