/**
 * What "fits a phone" means, measured in the page: see phone.test.ts. Kept apart so the checks
 * can also be run by hand against a running portal.
 */

export interface Layout {
  innerWidth: number;
  scrollWidth: number;
  /** visible elements reaching past the viewport's edges outside any box that scrolls sideways */
  cut: string[];
  /** the left edge and width of each top-level card */
  cards: { left: number; width: number; title: string }[];
}

/**
 * Walks the DOM: an element whose box reaches beyond the viewport must sit inside an element of the
 * page that itself scrolls horizontally (a table's own box). The page's frame (html, body, the app,
 * the main area) does not count: that would be the whole page scrolling sideways. Element Plus's
 * table header and footer are such boxes too: they clip (overflow hidden) and follow the body's
 * horizontal scroll.
 */
export const layout = (): Layout => {
  const vw = window.innerWidth;
  const frame = new Set<Element | null>([document.documentElement, document.body, document.getElementById("app"), ...document.querySelectorAll("main, .el-container, .shell")]);
  const scrolls = (el: Element) => {
    if (frame.has(el)) return false;
    const s = getComputedStyle(el);
    const box = s.overflowX === "auto" || s.overflowX === "scroll" || (s.overflowX === "hidden" && /el-table__(header|footer)-wrapper/.test(el.className));
    return box && el.scrollWidth > el.clientWidth;
  };
  const label = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\s+/g, ".")} “${(el.textContent ?? "").trim().slice(0, 30)}”`;
  const cut: string[] = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= vw + 1 && r.left >= -1) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden" || s.display === "none" || s.opacity === "0") continue;
    let a = el.parentElement;
    while (a && !scrolls(a)) a = a.parentElement;
    if (!a) cut.push(`${label(el)} 左 ${Math.round(r.left)} 右 ${Math.round(r.right)}`);
  }
  const cards = [...document.querySelectorAll("main .el-card")]
    .filter((c) => !c.parentElement?.closest(".el-card"))
    .map((c) => {
      const r = c.getBoundingClientRect();
      return { left: Math.round(r.left), width: Math.round(r.width), title: (c.querySelector(".el-card__header")?.textContent ?? "").trim().slice(0, 20) };
    });
  // the page scrolls sideways if the document or any part of its frame does
  const scrollWidth = Math.max(...[...frame].filter((e): e is Element => !!e).map((e) => e.scrollWidth - e.clientWidth + vw));
  return { innerWidth: vw, scrollWidth: Math.max(document.documentElement.scrollWidth, scrollWidth), cut, cards };
};

export interface TableScroll {
  scrollable: boolean;
  /** the first body row's fixed cell: still fully in the table's box after scrolling to the far right */
  fixedVisible: boolean;
  fixedText: string;
}

/**
 * For each Element Plus table on the page: does its body scroll sideways, and does its fixed first
 * column stay in sight (nothing on top of it) once scrolled to the far right.
 */
export const tableScrolls = async (): Promise<TableScroll[]> => {
  const out: TableScroll[] = [];
  for (const table of document.querySelectorAll("main .el-table")) {
    const wrap = table.querySelector(".el-table__body-wrapper .el-scrollbar__wrap");
    if (!wrap || (table as HTMLElement).offsetParent === null) continue;
    const scrollable = wrap.scrollWidth > wrap.clientWidth + 4;
    if (!scrollable) {
      out.push({ scrollable, fixedVisible: true, fixedText: "" });
      continue;
    }
    wrap.scrollLeft = wrap.scrollWidth;
    wrap.dispatchEvent(new Event("scroll"));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    // the fixed cells of the first row: each wholly inside the table's box and not covered
    const cells = [...table.querySelectorAll(".el-table__body tr:first-child td.el-table-fixed-column--left")];
    const fixedVisible =
      cells.length > 0 &&
      cells.every((cell) => {
        // bring the row into the viewport vertically only (scrollIntoView could scroll the table back)
        window.scrollTo(0, window.scrollY + cell.getBoundingClientRect().top - window.innerHeight / 2);
        const c = cell.getBoundingClientRect();
        const t = wrap.getBoundingClientRect();
        const hit = document.elementFromPoint(c.left + Math.min(20, c.width / 2), c.top + c.height / 2);
        return wrap.scrollLeft > 0 && c.left >= t.left - 1 && c.right <= t.right + 1 && c.width > 30 && !!hit && cell.contains(hit);
      });
    out.push({ scrollable, fixedVisible, fixedText: cells.map((c) => (c.textContent ?? "").trim()).join(" ") });
    wrap.scrollLeft = 0;
    wrap.dispatchEvent(new Event("scroll"));
  }
  window.scrollTo(0, 0);
  return out;
};
