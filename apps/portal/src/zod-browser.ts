/**
 * Imported first by main.ts. zod v4 probes whether it may compile parsers with `Function("")`;
 * under the server's Content-Security-Policy (script-src 'self', no 'unsafe-eval') that probe
 * is a CSP violation in the console. The portal parses little, so it parses without compiling.
 */
import { config } from "zod";

config({ jitless: true });
