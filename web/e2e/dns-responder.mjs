// A tiny authoritative DNS server over UDP on 127.0.0.1 for the browser tests of custom domains: it answers CNAME and
// TXT questions from a table the test fills (the records the owner is told to create), NXDOMAIN for a name it has
// nothing for, so the backend (DNS_RESOLVERS=127.0.0.1:<port>) can verify a domain without the internet. Only what
// those questions need of RFC 1035: one question per query, no compression in what it reads, answers pointing back
// at the question's name.
import { createSocket } from "node:dgram";

const TYPE = { CNAME: 5, TXT: 16 };

/** A name in wire form: length-prefixed labels and a zero byte. */
function encodeName(name) {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  const bytes = [];
  for (const p of parts) {
    const b = Buffer.from(p, "latin1");
    bytes.push(b.length, ...b);
  }
  bytes.push(0);
  return Buffer.from(bytes);
}

/** The question's name (lower case, no trailing dot), type and where the question ends. */
function readQuestion(msg) {
  let i = 12;
  const labels = [];
  while (i < msg.length && msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += len + 1;
  }
  i += 1;
  const type = msg.readUInt16BE(i);
  return { name: labels.join(".").toLowerCase(), type, end: i + 4 };
}

function rdata(type, value) {
  if (type === TYPE.CNAME) return encodeName(value);
  // TXT: character-strings of at most 255 bytes each
  const b = Buffer.from(value, "utf8");
  const chunks = [];
  for (let o = 0; o < b.length || o === 0; o += 255) {
    const c = b.subarray(o, o + 255);
    chunks.push(Buffer.from([c.length]), c);
    if (b.length === 0) break;
  }
  return Buffer.concat(chunks);
}

/**
 * Starts the server on a free port. set(name, {cname?, txt?}) puts a name's records, remove(name) takes them away.
 * @returns {Promise<{port: number, set: (name: string, r: {cname?: string, txt?: string[]}) => void,
 *   remove: (name: string) => void, close: () => Promise<void>}>}
 */
export async function startDns() {
  /** @type {Map<string, {cname?: string, txt?: string[]}>} */
  const table = new Map();
  const socket = createSocket("udp4");
  socket.on("message", (msg, from) => {
    if (msg.length < 17) return;
    let q;
    try {
      q = readQuestion(msg);
    } catch {
      return;
    }
    const entry = table.get(q.name);
    const answers = [];
    if (entry?.cname && (q.type === TYPE.CNAME || q.type === TYPE.TXT)) answers.push([TYPE.CNAME, entry.cname]);
    else if (entry?.txt && q.type === TYPE.TXT) for (const t of entry.txt) answers.push([TYPE.TXT, t]);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // the query's id
    // a response, authoritative, recursion desired copied, recursion available; NXDOMAIN for an unknown name
    header.writeUInt16BE(0x8400 | ((msg[2] & 0x01) << 8) | 0x80 | (entry ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const parts = [header, msg.subarray(12, q.end)];
    for (const [type, value] of answers) {
      const data = rdata(type, value);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // the question's name
      rr.writeUInt16BE(type, 2);
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(5, 6); // a short TTL: tests change records
      rr.writeUInt16BE(data.length, 10);
      parts.push(rr, data);
    }
    socket.send(Buffer.concat(parts), from.port, from.address);
  });
  await new Promise((res) => socket.bind(0, "127.0.0.1", res));
  return {
    port: socket.address().port,
    set: (name, r) => table.set(name.toLowerCase().replace(/\.$/, ""), r),
    remove: (name) => table.delete(name.toLowerCase().replace(/\.$/, "")),
    close: () => new Promise((res) => socket.close(() => res())),
  };
}
