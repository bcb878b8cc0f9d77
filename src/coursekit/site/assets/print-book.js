// coursekit: gather the whole book into the page it runs on (the site's root page), for printing.
// Used by scripts/build_pdf.py through Playwright: evaluated as a function, it follows the pages'
// rel="next" links (the table of contents order), fetches each page and puts its article in a
// section of this page. Ids get a per-page prefix and links between pages become links inside the
// document; links to files of the site that are not pages are dropped (they would point at the
// local server), links to other sites are kept. Scripts are not carried over: maps print as their
// text alternative (print.css) and quizzes as their questions. Returns the paths of the pages, in order.
async () => {
  const article = document.querySelector("article.bd-article");
  const slug = (url) => "ck-page-" + url.pathname.replace(/^\/+/, "").replace(/\.html$/, "").replace(/[^\w-]+/g, "-");
  const pages = [];
  const stylesheets = new Set([...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href));
  let url = new URL(location.href);
  let doc = document;
  while (url && !pages.some((p) => p.url.pathname === url.pathname)) {
    const source = doc.querySelector("article.bd-article");
    if (source) {
      const section = document.createElement("section");
      section.className = "ck-print-page";
      section.id = slug(url);
      section.dataset.page = url.pathname;
      for (const child of source.childNodes) {
        section.appendChild(document.importNode(child, true));
      }
      pages.push({ url, section });
    }
    for (const link of doc.querySelectorAll("link[rel=stylesheet]")) {
      const href = new URL(link.getAttribute("href"), url).href;
      if (!stylesheets.has(href)) {
        stylesheets.add(href);
        const copy = document.createElement("link");
        copy.rel = "stylesheet";
        copy.href = href;
        document.head.appendChild(copy);
      }
    }
    const next = doc.querySelector("link[rel=next]");
    if (!next) break;
    url = new URL(next.getAttribute("href"), url);
    const response = await fetch(url);
    if (!response.ok) break;
    doc = new DOMParser().parseFromString(await response.text(), "text/html");
  }
  const paths = new Set(pages.map((p) => p.url.pathname));
  const idRefs = ["aria-describedby", "aria-labelledby", "aria-controls", "for", "headers"];
  for (const { url, section } of pages) {
    const prefix = section.id + "--";
    section.querySelectorAll("script, noscript, .headerlink").forEach((el) => el.remove());
    section.querySelectorAll("[id]").forEach((el) => { el.id = prefix + el.id; });
    for (const name of idRefs) {
      section.querySelectorAll(`[${name}]`).forEach((el) => {
        el.setAttribute(name, el.getAttribute(name).split(/\s+/).map((id) => id && prefix + id).join(" "));
      });
    }
    section.querySelectorAll("img[src], source[src]").forEach((el) => {
      el.setAttribute("src", new URL(el.getAttribute("src"), url).href);
      el.removeAttribute("loading");
    });
    section.querySelectorAll("a[href]").forEach((a) => {
      const target = new URL(a.getAttribute("href"), url);
      if (target.origin !== location.origin) return;
      if (paths.has(target.pathname)) {
        const id = slug(target);
        a.setAttribute("href", "#" + (target.hash ? id + "--" + decodeURIComponent(target.hash.slice(1)) : id));
      } else {
        a.removeAttribute("href");
      }
    });
  }
  article.replaceChildren(...pages.map((p) => p.section));
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  return pages.map((p) => p.url.pathname);
}
