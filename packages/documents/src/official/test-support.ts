/** Test support for the official documents: the demo court as a publication's input, archives unzipped, XML parsed. */
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { demoCourt, type DemoVariant } from "@scorecard/demo";

/** What every demo document is built from: the demo court (or a §9 variant) as revision 1 with its number and issuer. */
export function demoPublication(variant: DemoVariant, number: string, issuedBy: { username: string; name: string }, issuedAt: string) {
  const d = demoCourt(variant);
  return {
    rulebooks: [d.rulebook],
    data: { facts: d.facts, adjustments: d.adjustments, manual: d.manual },
    units: d.units.map((u) => ({ key: u.key, name: u.name })),
    revision: 1,
    number,
    issuedBy,
    issuedAt,
  };
}

/** Every entry of a zip archive as text. */
export async function unzipText(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const e of Object.values(zip.files)) if (!e.dir) out.set(e.name, await e.async("string"));
  return out;
}

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** the text directly inside */
  text: string;
}

/** A parsed XML document (names as written, with their prefixes). */
export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [root];
  parser.on("opentag", (tag) => {
    const node: XmlNode = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: "" };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on("text", (t) => (stack[stack.length - 1]!.text += t));
  parser.on("closetag", () => void stack.pop());
  parser.write(text).close();
  return root;
}

/** Every node named `name` under `node`, in document order. */
export function all(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

export function first(node: XmlNode, name: string): XmlNode {
  const found = all(node, name)[0];
  if (!found) throw new Error(`no <${name}>`);
  return found;
}

/** The text of a Word paragraph, table cell or row: its w:t runs joined. */
export function wordText(node: XmlNode): string {
  return all(node, "w:t")
    .map((t) => t.text)
    .join("");
}
