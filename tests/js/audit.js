// Structure of a built page, for tests/test_site_pages.py (evaluated in the page by Playwright).
// Returns plain data; the test decides what is wrong.
() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main");
  const headings = article
    ? [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => ({
        level: Number(h.tagName[1]),
        text: h.textContent.trim().replace(/\s+/g, " ").slice(0, 80),
      }))
    : [];
  const describe = (el) => el.outerHTML.slice(0, 160);
  const decorative = (img) =>
    img.closest("[aria-hidden='true']") !== null || ["presentation", "none"].includes(img.getAttribute("role"));
  const images = [...document.querySelectorAll("img")];
  const imagesWithoutAlt = images
    .filter((img) => !img.hasAttribute("alt") || (img.alt.trim() === "" && !decorative(img)))
    .map(describe);
  const maps = [...document.querySelectorAll(".leaflet-container, .ck-map__canvas")];
  const mapsWithoutText = maps
    .filter((map) => {
      const ids = (map.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      const text = ids.map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
      return text.trim().length < 20;
    })
    .map(describe);
  const framesWithoutTitle = [...document.querySelectorAll("iframe")]
    .filter((frame) => !(frame.getAttribute("title") || "").trim())
    .map(describe);
  return { headings, imagesWithoutAlt, mapsWithoutText, framesWithoutTitle, images: images.length, maps: maps.length };
}
