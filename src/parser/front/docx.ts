/**
 * Word (.docx) files to HTML, for the HTML path (./html.ts): mammoth converts the document's
 * paragraphs and tables (merged cells as colspan/rowspan) and drops headers, footers and styling.
 *
 * A .docx is a zip, and a zip can be a bomb. Before mammoth inflates anything, the archive's
 * central directory is read here and checked against caps: number of parts, declared
 * uncompressed size (of the XML parts mammoth reads, and of all parts), expansion ratio, parts
 * that overlap (one compressed stream referenced many times), ZIP64 and multi-disk archives. The
 * XML parts are then inflated once with a bound on their output, so a part that lies about its
 * size cannot expand past it, scanned once for well-formedness (xmldom, under mammoth, recovers
 * from broken XML in superlinear time), and held to a number of tags (mammoth's cost) and the
 * document's run text to the parser's input cap, so that mammoth's time and memory stay bounded
 * (just under the caps: 1.4 s and 460 MiB on a loaded 2-core machine). Images are never inflated (mammoth is told
 * not to read them), nor are files a document links to outside itself.
 */
import zlib from 'node:zlib';
import mammoth from 'mammoth';
import { GongkaiError, InputTooLargeError, ParseError } from '../../errors';
import { MAX_INPUT_BYTES } from '../parse';

/** Parts in the archive: a Word report has 10–40, a few hundred with many images. */
export const MAX_DOCX_ENTRIES = 1000;
/** Declared uncompressed size of the XML parts mammoth reads, in all. */
export const MAX_DOCX_XML_BYTES = 50 * 1024 * 1024;
/** Declared uncompressed size of every part, media included (these are never inflated). */
export const MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024;
/**
 * Expansion of one part: Word's XML compresses 5–30 times; deflate's ceiling is about 1,032.
 * Parts under MIN_RATIO_CHECK bytes are not held to it (a tiny highly repetitive part is harmless).
 */
export const MAX_DOCX_RATIO = 200;
/**
 * Tags in the XML parts, in all. mammoth's time and memory grow with them: the filled template
 * has 12,000; 500,000 took mammoth 2.3 s and 600 MiB on a loaded 2-core machine, 4.7 million 44 s
 * and 3 GiB (a 47 MiB document.xml well within the byte caps), hence a cap on tags too.
 */
export const MAX_DOCX_XML_TAGS = 300_000;
const MIN_RATIO_CHECK = 1024 * 1024;

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const MAX_COMMENT = 0xffff;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the compressed data starts and ends (from the local header). */
  dataStart: number;
  dataEnd: number;
}

function fail(message: string, source: string | undefined): never {
  throw new ParseError(message, 1, 1, source);
}

/** Parts mammoth parses (XML); everything else (media, embeddings) it never inflates. */
const isXmlPart = (name: string) => /\.(?:xml|rels)$/i.test(name);

/** The archive's central directory, checked for the shape of a sane zip (no inflation). */
export function readZipDirectory(bytes: Buffer, source?: string): ZipEntry[] {
  const damaged =
    'the Word file is damaged or truncated (its zip directory cannot be read); save it again from Word';
  if (bytes.length < EOCD_SIZE) fail(damaged, source);
  let eocd = -1;
  const floor = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = bytes.length - EOCD_SIZE; i >= floor; i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(damaged, source);
  const disk = bytes.readUInt16LE(eocd + 4);
  const cdDisk = bytes.readUInt16LE(eocd + 6);
  const onDisk = bytes.readUInt16LE(eocd + 8);
  const count = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    fail('the Word file is a ZIP64 archive (over 65,535 parts or 4 GiB): not a Word report', source);
  }
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) {
    fail('the Word file is a multi-part (spanned) zip archive; join it into one file', source);
  }
  if (count > MAX_DOCX_ENTRIES) {
    fail(
      `the Word file has ${count} parts, over the limit of ${MAX_DOCX_ENTRIES}: not a Word report`,
      source,
    );
  }
  if (cdOffset + cdSize > eocd) fail(damaged, source);

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let pos = cdOffset;
  let xmlTotal = 0;
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (pos + 46 > eocd || bytes.readUInt32LE(pos) !== CENTRAL_SIG) fail(damaged, source);
    const flags = bytes.readUInt16LE(pos + 8);
    const method = bytes.readUInt16LE(pos + 10);
    const compressedSize = bytes.readUInt32LE(pos + 20);
    const size = bytes.readUInt32LE(pos + 24);
    const nameLen = bytes.readUInt16LE(pos + 28);
    const extraLen = bytes.readUInt16LE(pos + 30);
    const commentLen = bytes.readUInt16LE(pos + 32);
    const localOffset = bytes.readUInt32LE(pos + 42);
    if (pos + 46 + nameLen > eocd) fail(damaged, source);
    const name = bytes.toString('utf8', pos + 46, pos + 46 + nameLen);
    pos += 46 + nameLen + extraLen + commentLen;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      fail(`the Word file's part ${name} is in ZIP64 form (over 4 GiB): not a Word report`, source);
    }
    if (flags & 1) fail('the Word file is encrypted; save it without a password', source);
    if (method !== 0 && method !== 8) {
      fail(`the Word file's part ${name} uses compression method ${method}; save it again from Word`, source);
    }
    if (method === 0 && compressedSize !== size) fail(damaged, source);
    if (names.has(name)) fail(`the Word file holds the part ${name} twice: it is damaged or crafted`, source);
    names.add(name);
    total += size;
    if (isXmlPart(name)) xmlTotal += size;
    if (size >= MIN_RATIO_CHECK && size / Math.max(1, compressedSize) > MAX_DOCX_RATIO) {
      fail(
        `the Word file's part ${name} expands ${Math.round(size / Math.max(1, compressedSize))} times (${compressedSize} → ${size} bytes), over the limit of ${MAX_DOCX_RATIO}: a zip bomb, not a Word report`,
        source,
      );
    }
    if (localOffset + 30 > cdOffset || bytes.readUInt32LE(localOffset) !== LOCAL_SIG) fail(damaged, source);
    const dataStart =
      localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > cdOffset) fail(damaged, source);
    entries.push({ name, method, flags, compressedSize, size, localOffset, dataStart, dataEnd });
  }
  if (total > MAX_DOCX_TOTAL_BYTES) {
    throw new InputTooLargeError('the uncompressed content of the Word file', total, MAX_DOCX_TOTAL_BYTES);
  }
  if (xmlTotal > MAX_DOCX_XML_BYTES) {
    throw new InputTooLargeError(
      'the uncompressed text (XML) of the Word file',
      xmlTotal,
      MAX_DOCX_XML_BYTES,
    );
  }
  // one compressed stream referenced by many entries is the overlapping-file zip bomb
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1] as ZipEntry;
    if ((byOffset[i] as ZipEntry).localOffset < prev.dataEnd) {
      fail(`the Word file's parts overlap (${prev.name}): a zip bomb, not a Word report`, source);
    }
  }
  return entries;
}

/**
 * Bytes of run text (`<w:t>…</w:t>`) in document.xml: a lower bound on the HTML mammoth would
 * write, so a document whose text alone is over the parser's input cap is refused before mammoth
 * spends seconds on it. Linear: one pass of indexOf.
 */
function runTextBytes(xml: Buffer): number {
  let n = 0;
  let i = xml.indexOf('<w:t');
  while (i >= 0) {
    const next = xml[i + 4];
    // <w:t> or <w:t xml:space=…>, not <w:tbl>, <w:tc>, <w:tr>…
    if (next !== 0x3e && next !== 0x20) {
      i = xml.indexOf('<w:t', i + 4);
      continue;
    }
    const start = xml.indexOf(0x3e, i) + 1;
    if (start === 0) break;
    if (xml[start - 2] === 0x2f) {
      i = xml.indexOf('<w:t', start);
      continue;
    }
    const end = xml.indexOf('</w:t>', start);
    if (end < 0) break;
    n += end - start;
    i = xml.indexOf('<w:t', end + 6);
  }
  return n;
}

/** A part inflated with its declared size as the bound: a part that lies is caught here. */
function inflatePart(bytes: Buffer, e: ZipEntry, source: string | undefined): Buffer {
  if (e.method === 0) return bytes.subarray(e.dataStart, e.dataEnd);
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(bytes.subarray(e.dataStart, e.dataEnd), {
      maxOutputLength: Math.max(1, e.size),
    });
  } catch (err) {
    const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    fail(
      tooBig
        ? `the Word file's part ${e.name} inflates past its declared ${e.size} bytes: a zip bomb or a damaged file`
        : `the Word file's part ${e.name} cannot be inflated: the file is damaged; save it again from Word`,
      source,
    );
  }
  if (out.length !== e.size) {
    fail(
      `the Word file's part ${e.name} inflates to ${out.length} bytes, not the ${e.size} it declares: the file is damaged`,
      source,
    );
  }
  return out;
}

interface XmlScan {
  /** Tags (elements opened or closed, comments, instructions): mammoth's cost grows with them. */
  tags: number;
  /** Why the part is not well-formed, or null. */
  problem: string | null;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/**
 * One linear pass over an XML part: its tags counted and balanced. mammoth refuses any XML its
 * parser (xmldom) complains about, but xmldom's recovery from unclosed elements is superlinear
 * (a 270 KB document cut in half takes it 2 s, a few MB minutes), so a part that is not
 * well-formed is refused here, in linear time, with the same answer. Quotes are honoured in
 * tags (`>` is legal in an attribute value); comments, CDATA and instructions are skipped whole.
 * A DOCTYPE is refused: Word never writes one, and it could declare entities.
 */
function scanXml(xml: Buffer): XmlScan {
  const stack: string[] = [];
  let tags = 0;
  let roots = 0;
  const bad = (why: string, at: number): XmlScan => ({ tags, problem: `${why} at byte ${at}` });
  for (let i = xml.indexOf(LT); i >= 0; i = xml.indexOf(LT, i)) {
    tags++;
    const skip = (open: string, close: string): number => {
      if (xml.toString('latin1', i, i + open.length) !== open) return -1;
      const end = xml.indexOf(close, i + open.length);
      return end < 0 ? -2 : end + close.length;
    };
    let next = skip('<!--', '-->');
    if (next === -1) next = skip('<![CDATA[', ']]>');
    if (next === -1) next = skip('<?', '?>');
    if (next === -2) return bad('an unterminated comment, CDATA section or instruction', i);
    if (next > 0) {
      i = next;
      continue;
    }
    if (xml[i + 1] === 0x21) return bad('a DOCTYPE or declaration (Word writes none)', i);
    // the tag's end, outside quoted attribute values
    let j = i + 1;
    let quote = 0;
    for (; j < xml.length; j++) {
      const c = xml[j] as number;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === GT) break;
      else if (c === LT) return bad('a "<" inside a tag', j);
    }
    if (j >= xml.length) return bad('an unterminated tag', i);
    const closing = xml[i + 1] === SLASH;
    const selfClosing = !closing && xml[j - 1] === SLASH;
    let k = closing ? i + 2 : i + 1;
    const nameStart = k;
    while (k < j) {
      const c = xml[k] as number;
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH) break;
      k++;
    }
    const name = xml.toString('latin1', nameStart, k);
    if (name.length === 0) return bad('a tag without a name', i);
    if (closing) {
      const open = stack.pop();
      if (open !== name) return bad(`</${name}> closing ${open === undefined ? 'nothing' : `<${open}>`}`, i);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
    if (roots > 1) return bad('a second root element', i);
    i = j + 1;
  }
  if (stack.length > 0) return { tags, problem: `<${stack[stack.length - 1]}> is never closed` };
  if (roots === 0) return { tags, problem: 'no element' };
  return { tags, problem: null };
}

/**
 * Inflates each XML part once, bounded; holds the parts' tags to MAX_DOCX_XML_TAGS, each part to
 * well-formed XML and the document's text to the parser's input cap.
 */
function checkParts(bytes: Buffer, entries: readonly ZipEntry[], source: string | undefined): void {
  let tags = 0;
  for (const e of entries) {
    if (!isXmlPart(e.name)) continue;
    const xml = inflatePart(bytes, e, source);
    const scan = scanXml(xml);
    tags += scan.tags;
    if (tags > MAX_DOCX_XML_TAGS) {
      fail(
        `the Word file's XML has over ${MAX_DOCX_XML_TAGS} elements (${e.name} passes the limit): too large to read as a report; save the report alone, or as PDF`,
        source,
      );
    }
    if (scan.problem) {
      fail(
        `the Word file's part ${e.name} is not well-formed XML (${scan.problem}): the file is damaged; open it in Word and save it again`,
        source,
      );
    }
    if (e.name !== 'word/document.xml') continue;
    const text = runTextBytes(xml);
    if (text > MAX_INPUT_BYTES) {
      throw new InputTooLargeError("the text in the Word file's document.xml", text, MAX_INPUT_BYTES);
    }
  }
}

/** A .docx to HTML (string), or a ParseError / InputTooLargeError saying what is wrong with it. */
export async function readDocx(input: Uint8Array, source?: string): Promise<string> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    fail(
      'this is an old binary Office file (.doc, .xls) or a password-protected Word file; save it as .docx without a password',
      source,
    );
  }
  const entries = readZipDirectory(bytes, source);
  const doc = entries.find((e) => e.name === 'word/document.xml');
  if (!doc) {
    const what = entries.some((e) => e.name.startsWith('xl/'))
      ? 'an Excel workbook'
      : entries.some((e) => e.name.startsWith('ppt/'))
        ? 'a PowerPoint file'
        : entries.some((e) => e.name === 'content.xml')
          ? 'an OpenDocument file'
          : 'a zip archive';
    fail(`this is ${what}, not a Word (.docx) report (it has no word/document.xml)`, source);
  }
  checkParts(bytes, entries, source);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        // images carry no figures the parser reads: never inflated, never inlined as data URIs
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        // a document may link to files outside itself; those are never read
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch (err) {
    if (err instanceof GongkaiError) throw err;
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    fail(`the Word file cannot be read (${why}); open it in Word and save it again as .docx`, source);
  }
  const size = Buffer.byteLength(html);
  if (size > MAX_INPUT_BYTES)
    throw new InputTooLargeError('the text of the Word file', size, MAX_INPUT_BYTES);
  return html;
}
