/** A small XML well-formedness check for the SVG the report writes (no XML parser is a dependency):
 *  one root element, properly nested and closed tags, quoted attributes without duplicates, no stray
 *  '<' or '&' in text or attribute values. Throws with the offset of the first problem; returns the
 *  root element's name. */
const NAME = '[A-Za-z_:][-A-Za-z0-9_.:]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

function checkText(text: string, offset: number): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) throw new Error(`bad entity at ${offset + i}: ${JSON.stringify(text.slice(i, i + 12))}`);
  }
}

export function xmlRootName(xml: string): string {
  let i = 0;
  const stack: string[] = [];
  let root: string | undefined;
  let rootClosed = false;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    checkText(text, i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end < 0) throw new Error(`unclosed comment at ${lt}`);
      i = end + 3;
      continue;
    }
    const match = TAG.exec(xml.slice(lt));
    if (match === null) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 40))}`);
    const [whole, closing, name, attrs, selfClosing] = match;
    const seen = new Set<string>();
    for (const a of attrs.matchAll(ATTR)) {
      if (seen.has(a[1])) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
      seen.add(a[1]);
      checkText(a[2] ?? a[3], lt);
    }
    if (closing) {
      if (attrs.trim() !== '' || selfClosing) throw new Error(`malformed closing tag at ${lt}`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> at ${lt} closes <${open}>`);
      if (stack.length === 0) rootClosed = true;
    } else {
      if (rootClosed || (stack.length === 0 && root !== undefined)) throw new Error(`second root element <${name}> at ${lt}`);
      root ??= name;
      if (!selfClosing) stack.push(name);
      else if (stack.length === 0) rootClosed = true;
    }
    i = lt + whole.length;
  }
  if (root === undefined) throw new Error('no root element');
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  return root;
}
