/**
 * What the server answers for requests it cannot serve, over real HTTP: 404, 405, 413, 415 and
 * malformed JSON on /trpc and /files, and invalid input naming what was received — every message
 * Chinese, in tRPC's error shape under /trpc and `{ error: { code, message } }` elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, testBackends, type ApiClient, type TestServer } from "./test-server";

const CJK = /[\u4e00-\u9fff]/;

interface TrpcError {
  error: { message: string; code: number; data: { code: string; httpStatus: number; path?: string; problems?: Array<{ path: string; zh: string }> } };
}
interface FilesError {
  error: { code: string; message: string };
}

describe.each(testBackends())("errors in Chinese (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    stats = await t.login("stats");
  }, 60_000);
  afterAll(() => t?.stop());

  /** A /trpc answer: its status, tRPC's error shape with that status and code, a Chinese message. */
  async function trpc(res: Response, status: number, code: string): Promise<TrpcError["error"]> {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as TrpcError;
    expect(body.error.data).toMatchObject({ code, httpStatus: status });
    expect(typeof body.error.code).toBe("number");
    expect(body.error.message).toMatch(CJK);
    expect(body.error.message).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/); // no English sentence
    return body.error;
  }
  /** A /files or plain-path answer: `{ error: { code, message } }`, a Chinese message. */
  async function files(res: Response, status: number, code: string): Promise<FilesError["error"]> {
    expect(res.status).toBe(status);
    const body = (await res.json()) as FilesError;
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(CJK);
    expect(body.error.message).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/);
    return body.error;
  }
  const json = (body: string, extra: Record<string, string> = {}): RequestInit => ({ method: "POST", headers: { "content-type": "application/json", ...extra }, body });

  it("404: an unknown procedure, an address under /trpc, /files or elsewhere", async () => {
    expect((await trpc(await stats.fetch("/trpc/scores.nope"), 404, "NOT_FOUND")).message).toContain("scores.nope");
    expect((await trpc(await stats.fetch("/trpc/a/b"), 404, "NOT_FOUND")).message).toContain("/trpc/a/b");
    expect((await files(await stats.fetch("/files/nope"), 404, "NOT_FOUND")).message).toContain("/files/nope");
    expect((await files(await stats.fetch("/nope"), 404, "NOT_FOUND")).message).toContain("/nope");
  });

  it("405: a query by POST, a mutation by GET, a /files address by the other method (with Allow)", async () => {
    const mutationByGet = await trpc(await stats.fetch("/trpc/auth.logout"), 405, "METHOD_NOT_SUPPORTED");
    expect(mutationByGet.message).toMatch(/“auth\.logout”是修改接口,请用 POST.*收到的是 GET/);
    const queryByPost = await trpc(await stats.fetch("/trpc/auth.me", json("{}")), 405, "METHOD_NOT_SUPPORTED");
    expect(queryByPost.message).toMatch(/“auth\.me”是查询接口,请用 GET.*收到的是 POST/);

    const postTemplate = await stats.fetch("/files/facts-template?period=2023-03", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: "x" });
    expect(postTemplate.headers.get("allow")).toBe("GET, HEAD");
    expect((await files(postTemplate, 405, "METHOD_NOT_SUPPORTED")).message).toMatch(/只接受 GET 请求,收到的是 POST/);
    const getImport = await stats.fetch("/files/facts-import?period=2023-03");
    expect(getImport.headers.get("allow")).toBe("POST");
    await files(getImport, 405, "METHOD_NOT_SUPPORTED");
  });

  it("413: a JSON body over 1 MB on /trpc, a file over 5 MB on /files", async () => {
    const big = JSON.stringify({ username: "x".repeat(1024 * 1024), password: "y" });
    expect((await trpc(await t.anonymous().fetch("/trpc/auth.login", json(big)), 413, "PAYLOAD_TOO_LARGE")).message).toContain("1 MB");
    const file = Buffer.alloc(5 * 1024 * 1024 + 1);
    const upload = await stats.fetch("/files/facts-import?period=2023-03", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: file });
    expect((await files(upload, 413, "PAYLOAD_TOO_LARGE")).message).toContain("5 MB");
    // a JSON input of a normal size is well under the limit
    expect((await stats.query("auth.me")).ok).toBe(true);
  });

  it("415: /trpc takes JSON only, an upload takes the file's bytes only; each says what it received", async () => {
    expect((await trpc(await stats.fetch("/trpc/auth.login", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }), 415, "UNSUPPORTED_MEDIA_TYPE")).message).toContain("收到的是 text/plain");
    expect((await trpc(await stats.fetch("/trpc/auth.login", { method: "POST", headers: { "content-type": "application/xml" }, body: "<a/>" }), 415, "UNSUPPORTED_MEDIA_TYPE")).message).toContain("application/xml");
    expect((await trpc(await stats.fetch("/trpc/auth.logout", { method: "POST" }), 415, "UNSUPPORTED_MEDIA_TYPE")).message).toContain("没有注明 Content-Type");
    const form = new FormData();
    form.append("file", new Blob(["x"]), "x.xlsx");
    expect((await files(await stats.fetch("/files/facts-import?period=2023-03", { method: "POST", body: form }), 415, "UNSUPPORTED_MEDIA_TYPE")).message).toContain("multipart/form-data");
    expect((await files(await stats.fetch("/files/facts-import?period=2023-03", json("{}")), 415, "UNSUPPORTED_MEDIA_TYPE")).message).toContain("application/json");
  });

  it("malformed JSON in a POST body or a GET input says where it breaks", async () => {
    expect((await trpc(await t.anonymous().fetch("/trpc/auth.login", json('{"username": "stats",}')), 400, "BAD_REQUEST")).message).toMatch(/不是有效的 JSON\(第 22 个字符处有误\)/);
    expect((await trpc(await stats.fetch(`/trpc/scores.ranking?input=${encodeURIComponent('{"period":')}`), 400, "BAD_REQUEST")).message).toMatch(/不是有效的 JSON/);
  });

  it("invalid input names what was received: the value of a bad period, the type of a wrong one, a missing field", async () => {
    const q = (input: unknown) => stats.fetch(`/trpc/scores.ranking?input=${encodeURIComponent(JSON.stringify(input))}`);
    const month13 = await trpc(await q({ period: "2023-13" }), 400, "BAD_REQUEST");
    expect(month13.message).toContain('收到 "2023-13"');
    expect(month13.data.problems).toEqual([expect.objectContaining({ path: "$.period", zh: expect.stringContaining('收到 "2023-13"') })]);
    expect((await trpc(await q({ period: 202313 }), 400, "BAD_REQUEST")).message).toContain("应为文本,收到的是数字 202313");
    expect((await trpc(await q({}), 400, "BAD_REQUEST")).message).toContain("缺少此项(应为文本)");
    // through /files too
    expect((await files(await stats.fetch("/files/facts-template?period=2023-13"), 400, "BAD_REQUEST")).message).toContain('收到 "2023-13"');
    // a password is never repeated back
    const login = await trpc(await t.anonymous().fetch("/trpc/auth.login", json(JSON.stringify({ username: "stats", password: 86420 }))), 400, "BAD_REQUEST");
    expect(login.message).not.toContain("86420");
  });

  it("points the file procedures to their /files addresses when called over /trpc", async () => {
    expect((await trpc(await stats.fetch(`/trpc/facts.template?input=${encodeURIComponent('{"period":"2023-03"}')}`), 404, "NOT_FOUND")).message).toContain("/files/facts-template");
    expect((await trpc(await stats.fetch("/trpc/facts.importPreview", json('{"period":"2023-03","content":"UEsDBA=="}')), 404, "NOT_FOUND")).message).toContain("/files/facts-import");
  });
});
