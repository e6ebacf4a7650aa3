#!/usr/bin/env node
import { run } from "./cli";

const r = await run(process.argv.slice(2));
if (r.stdout) process.stdout.write(r.stdout + "\n");
if (r.stderr) process.stderr.write(r.stderr + "\n");
process.exitCode = r.code;
