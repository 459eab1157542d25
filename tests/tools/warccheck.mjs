// warccheck.mjs - an independent reader of storied's WARC exports (the npm
// package warcio, webrecorder's reader): reads every record, recomputes the
// block and payload digests, checks the records an archive needs, and
// compares response payloads with the bytes a server sent.
//
// usage: node warccheck.mjs FILE [URL=PATH]...
//   URL=PATH: the (last) 200 response for URL must carry PATH's bytes exactly.
// Prints one JSON object (counts and problems); exit 0 when there are no
// problems, 1 otherwise. Run with NODE_PATH or from tests/ (node_modules).
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { WARCParser } from "warcio";

const [file, ...expects] = process.argv.slice(2);
const problems = [];
const counts = {};
const ids = new Set();
const concurrent = [];
const payloads = new Map(); // url -> Buffer of the last 200 response
const profiles = [];
let warcinfo = "";

function base32(buf) {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += a[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += a[(value << (5 - bits)) & 31];
  return out;
}
const sha1 = (b) => "sha1:" + base32(createHash("sha1").update(b).digest());

// First pass: whole blocks, as stored.
let n = 0;
for await (const r of WARCParser.iterRecords(createReadStream(file), { parseHttp: false })) {
  const h = r.warcHeaders.headers;
  const type = h.get("WARC-Type");
  const id = h.get("WARC-Record-ID");
  const block = Buffer.from(await r.readFully(false));
  n++;
  counts[type] = (counts[type] || 0) + 1;
  if (r.warcHeaders.statusline !== "WARC/1.1") problems.push(`record ${n}: not WARC/1.1`);
  if (!id || ids.has(id)) problems.push(`record ${n}: missing or repeated WARC-Record-ID`);
  ids.add(id);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(h.get("WARC-Date") || ""))
    problems.push(`record ${n}: bad WARC-Date ${h.get("WARC-Date")}`);
  if (Number(h.get("Content-Length")) !== block.length)
    problems.push(`record ${n}: Content-Length ${h.get("Content-Length")} but ${block.length} bytes`);
  if (h.get("WARC-Block-Digest") !== sha1(block))
    problems.push(`record ${n} (${type}): block digest ${h.get("WARC-Block-Digest")} is not ${sha1(block)}`);
  if (type === "warcinfo") warcinfo += block.toString("utf8");
  if (type === "request" || type === "response" || type === "revisit") {
    for (const f of ["WARC-Target-URI", "WARC-IP-Address", "WARC-Warcinfo-ID"])
      if (!h.get(f)) problems.push(`record ${n} (${type}): no ${f}`);
  }
  if (type === "request" && h.get("WARC-Concurrent-To")) concurrent.push(h.get("WARC-Concurrent-To"));
  if (type === "revisit") profiles.push(h.get("WARC-Profile"));
  if (type === "resource" && h.get("WARC-Payload-Digest") !== sha1(block))
    problems.push(`record ${n}: resource payload digest does not match`);
}
for (const c of concurrent)
  if (!ids.has(c)) problems.push(`WARC-Concurrent-To ${c} names no record`);

// Second pass: HTTP parsed by warcio, payloads as sent.
n = 0;
for await (const r of WARCParser.iterRecords(createReadStream(file), { parseHttp: true })) {
  const h = r.warcHeaders.headers;
  const type = h.get("WARC-Type");
  n++;
  if (type !== "response" && type !== "request") continue;
  const payload = Buffer.from(await r.readFully(false));
  if (h.get("WARC-Payload-Digest") !== sha1(payload))
    problems.push(`record ${n} (${type} ${h.get("WARC-Target-URI")}): payload digest ${h.get("WARC-Payload-Digest")} is not ${sha1(payload)}`);
  if (type === "response" && r.httpHeaders && r.httpHeaders.statusCode === 200)
    payloads.set(h.get("WARC-Target-URI"), payload);
}
for (const e of expects) {
  const i = e.lastIndexOf("=");
  const url = e.slice(0, i), want = readFileSync(e.slice(i + 1));
  const got = payloads.get(url);
  if (!got) problems.push(`no 200 response for ${url}`);
  else if (!got.equals(want)) problems.push(`${url}: the payload (${got.length} bytes) is not what the server sent (${want.length} bytes)`);
}
console.log(JSON.stringify({ records: n, counts, profiles, warcinfo, problems }));
process.exit(problems.length ? 1 : 0);
