/**
 * The pseudo-locale en-XA: every catalogue sentence accented and made about a third longer,
 * between ⟦ and ⟧, the way Android and Chromium pseudo-localise. What the program prints in it
 * must show those marks on every line a person reads: a line in plain English escaped the
 * catalogues. Placeholders, URLs, flags, environment variable names and `fb3cx` stay as they are,
 * so commands shown in a sentence still work.
 */
const ACCENTED: Record<string, string> = {
  a: 'à', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Å', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** What stays verbatim: placeholders, nesting, URLs, flags, env names, the program's name, a path. */
const KEEP = /\{\{[^}]+\}\}|\$t\([^)]*\)|https?:\/\/\S+|(?<![\w-])--?[a-zA-Z][\w-]*|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bfb3cx\b|\bNO_COLOR\b|\bFORCE_COLOR\b/g;

function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => ACCENTED[letter] ?? letter);
}

/** One sentence (it may span lines): each line accented, lengthened and marked. */
export function pseudoLocalise(sentence: string): string {
  return sentence
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      let out = '';
      let last = 0;
      for (const match of line.matchAll(KEEP)) {
        out += accent(line.slice(last, match.index)) + match[0];
        last = (match.index ?? 0) + match[0].length;
      }
      out += accent(line.slice(last));
      const letters = line.replace(KEEP, '').replace(/[^A-Za-z]/g, '').length;
      const lead = /^\s*/.exec(out)?.[0] ?? '';
      return `${lead}⟦${out.slice(lead.length)}${'·'.repeat(Math.ceil(letters / 3))}⟧`;
    })
    .join('\n');
}

export type Catalogue = { [key: string]: string | Catalogue };

export function pseudoCatalogue(catalogue: Catalogue): Catalogue {
  return Object.fromEntries(Object.entries(catalogue).map(([key, value]) => [key, typeof value === 'string' ? pseudoLocalise(value) : pseudoCatalogue(value)]));
}
