"""The review site in headless Chromium: axe-core finds nothing on any page type at 1280 and
320 px, nothing scrolls sideways at 320 px, and the recommendations' filters and search work
from the keyboard and announce their results. Screenshots are kept in each test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import axe_violations, chromium, describe, set_viewport
from sites import build_site

PAGES = {
    "home": "index.html",
    "recommendations": "recommendations/index.html",
    "recommendation": "recommendations/g8/index.html",
    "edition": "editions/2024-02/index.html",
    "first-edition": "editions/2023-02/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"), "--format", "html")[1]


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium() as driver:
        driver.set_script_timeout(120)
        yield driver


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("width", (1280, 320))
def test_axe_finds_no_violations_and_nothing_scrolls_sideways(
    site: Path, driver: Any, name: str, width: int, tmp_path: Path
) -> None:
    set_viewport(driver, width)
    driver.get((site / PAGES[name]).as_uri())
    driver.save_screenshot(str(tmp_path / f"{name}-{width}.png"))
    violations = axe_violations(driver)
    assert violations == [], describe(violations)
    page_width, viewport = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert viewport == width and page_width <= viewport


def test_no_page_of_the_site_scrolls_sideways_at_320_px(site: Path, driver: Any) -> None:
    """Every page, tables of figures included (WCAG 1.4.10, reflow)."""
    set_viewport(driver, 320)
    wide = {}
    for page in sorted(site.rglob("*.html")):
        driver.get(page.as_uri())
        width = driver.execute_script("return document.documentElement.scrollWidth")
        if width > 320:
            wide[str(page.relative_to(site))] = width
    assert wide == {}


def test_axe_on_a_recommendation_with_its_narrative_diff_open(site: Path, driver: Any) -> None:
    set_viewport(driver, 320)
    driver.get((site / "recommendations" / "air4" / "index.html").as_uri())
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = axe_violations(driver)
    assert violations == [], describe(violations)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 320


def _visible(driver: Any) -> list[str]:
    return list(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('li.rec'))"
            ".filter(li => li.offsetParent !== null).map(li => li.dataset.slug)"
        )
    )


def _announced(driver: Any) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    results = driver.find_element("id", "results")
    WebDriverWait(driver, 5).until(lambda d: "Showing all" not in results.text)
    return str(results.text)


def test_search_and_filters_by_keyboard_find_a_known_initiative(site: Path, driver: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    set_viewport(driver, 1280)
    driver.get((site / "recommendations" / "index.html").as_uri())
    assert len(_visible(driver)) == 43
    assert driver.find_element("id", "results").get_attribute("aria-live") == "polite"

    # Tab from the top of the page to the search box: skip link, site links, breadcrumb-less
    # header, then the form.
    driver.find_element("tag name", "body").click()
    order = []
    for _ in range(12):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        order.append(driver.execute_script("return document.activeElement.id"))
        if order[-1] == "filter-search":
            break
    assert order[-1] == "filter-search"
    ActionChains(driver).send_keys("AI Industry Exchange Network").perform()
    assert _announced(driver) == "Showing 1 of 43 recommendations."
    assert _visible(driver) == ["air4"]

    # The initiative's earlier name finds the recommendation that renamed it.
    search = driver.find_element("id", "filter-search")
    search.clear()
    ActionChains(driver).click(search).send_keys("genotes online").perform()
    WebDriverWait(driver, 5).until(lambda d: _visible(d) == ["g3"])
    assert _announced(driver) == "Showing 1 of 43 recommendations."

    # Clear, then filter by status and owner with the keyboard alone.
    ActionChains(driver).send_keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER).perform()
    WebDriverWait(driver, 5).until(lambda d: len(_visible(d)) == 43)
    assert driver.find_element("id", "filter-search").get_attribute("value") == ""
    status = driver.find_element("id", "filter-status")
    status.send_keys("figure fell")
    WebDriverWait(driver, 5).until(lambda d: _visible(d) == ["g8"])
    assert _announced(driver) == "Showing 1 of 43 recommendations."

    owner = driver.find_element("id", "filter-owner")
    owner.send_keys("TEL")
    WebDriverWait(driver, 5).until(lambda d: _visible(d) == [])
    assert _announced(driver) == "No recommendations match."
    # Headings of panels left empty are hidden with them.
    assert driver.execute_script(
        "return Array.from(document.querySelectorAll('section.panel-group')).every(s => s.hidden)"
    )


def test_panel_filter_shows_one_panel(site: Path, driver: Any) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    set_viewport(driver, 1280)
    driver.get((site / "recommendations" / "index.html").as_uri())
    Select(driver.find_element("id", "filter-panel")).select_by_visible_text("Genomics Panel")
    WebDriverWait(driver, 5).until(lambda d: len(_visible(d)) == 8)
    assert _visible(driver) == [f"g{n}" for n in range(1, 9)]
    assert _announced(driver) == "Showing 8 of 43 recommendations."
