#!/usr/bin/env node
// Run after `npm install` changes package-lock.json (`node .ci/complete-lockfile.cjs`).
//
// The npm registry reachable from our machines does not serve Biome's platform packages for other
// systems (darwin, win32, android, musl). npm 11 then leaves them out of the lockfile, and `npm ci`
// rejects its own lockfile as "Missing: @biomejs/cli-… from lock file" (npm/cli#9846). This adds the
// missing entries with their os/cpu/libc, so `npm ci` skips them as platform-incompatible.
const fs = require("node:fs");
const path = require("node:path");

const lockPath = path.join(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(lockPath, "utf8"));
const biome = lock.packages["node_modules/@biomejs/biome"];
let added = 0;
for (const [name, version] of Object.entries(biome?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const match = /^@biomejs\/cli-(\w+)-(\w+?)(-musl)?$/.exec(name);
  if (!match) throw new Error(`unexpected optional dependency ${name}`);
  lock.packages[key] = {
    version,
    cpu: [match[2]],
    os: [match[1]],
    ...(match[3] ? { libc: ["musl"] } : {}),
    dev: true,
    license: "MIT OR Apache-2.0",
    optional: true,
    engines: { node: ">=14.21.3" },
  };
  added++;
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entr${added === 1 ? "y" : "ies"}`);
