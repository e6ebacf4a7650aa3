import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { demoCourt } from "@scorecard/demo";
import { scorePeriod } from "@scorecard/scoring";
import { escapeHtml } from "../official/html";
import { noticeHtml, noticeHtmlCsp } from "./html";
import { demoSnapshot } from "./test-support";

describe("the print page", () => {
  const html = noticeHtml(demoSnapshot());

  it("is one page for A4 with the margins of GB/T 9704, without scripts or outside resources", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("@page { size: A4; margin: 37mm 26mm 35mm 28mm;");
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i);
    expect(html).not.toMatch(/ style="/);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it("ranks the tribunals as the engine does", () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const names = new Map(d.units.map((u) => [u.key, u.name]));
    const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
    const body = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
    expect(body).toEqual(engine.units.map((u) => [String(u.rank), "持平", names.get(u.unit), u.sections.trial!.toFixed(2), u.sections.enforcement!.toFixed(2), u.bonus.toFixed(2), u.penalty.toFixed(2), u.total.toFixed(2)]));
    expect(html).toContain("开法考〔2023〕3号");
    expect(html).toContain("2023年4月5日");
  });

  it("escapes every user text", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    const d = demoCourt();
    const units = d.units.map((u) => (u.key === "maixin" ? { ...u, name: `<img src=x onerror="alert(1)">` } : u));
    const page = noticeHtml(demoSnapshot("2023-03", { units, commentary: "<script>alert('x')</script> & 说明" }));
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 说明");
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("marks a draft 草稿", () => {
    const page = noticeHtml(demoSnapshot("2023-03", { number: null }));
    expect(page).toContain("草稿");
    expect(page).not.toContain("开法考");
  });

  it("comes with a CSP that allows its own style element by hash and nothing else", () => {
    const csp = noticeHtmlCsp(html);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });
});
