/**
 * Imported first by every module of this package that defines schemas. zod compiles a fast
 * parser for each object schema with `new Function`, probing whether it may when the first schema
 * is defined; under the portal's Content-Security-Policy (no eval) that probe is a CSP violation
 * in the console. This package runs in the browser (the studio, the what-if worker), so it tells
 * zod not to try before any schema is defined. Rulebooks and fact rows are small: the interpreted
 * parser costs microseconds. (package.json lists this file under `sideEffects`, so that no
 * bundler drops it.)
 */
import { config } from "zod";

config({ jitless: true });
