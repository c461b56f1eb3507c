import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFullName } from '../../src/domain/names.ts';
import { parseNik } from '../../src/domain/nik.ts';
import { parsePhone } from '../../src/domain/phone.ts';
import { PAYLOAD_PATTERN } from '../../src/domain/signup-links.ts';
import { cleanText, MAX_TEXT, parseCommand } from '../../src/engine/commands.ts';

// Fixed seed: the suite is deterministic; a failure prints the seed and path to replay it.
const RUNS = { numRuns: 1500, seed: 20_261_123 };

/** Any text a chat can carry: ASCII, full Unicode (lone surrogates included), and mixes with digits and separators. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.stringMatching(/^[0-9 .+\-()]{0,30}$/),
  fc.string({ unit: fc.constantFrom(...'0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９ .-\u200b\u202e\u00a0abcO'), maxLength: 24 }),
);

const OPTS = { today: '2026-11-23', minAge: 15, maxAge: 65 };

/** A NIK that is structurally valid by construction (born 1962–2010, any province in the list). */
const validNik = fc
  .record({
    prov: fc.constantFrom('11', '32', '35', '51', '64', '91', '96'),
    kk: fc.integer({ min: 1, max: 99 }),
    cc: fc.integer({ min: 1, max: 99 }),
    day: fc.integer({ min: 1, max: 28 }),
    female: fc.boolean(),
    month: fc.integer({ min: 1, max: 12 }),
    yy: fc.constantFrom(62, 70, 85, 99, 0, 5, 10),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map((n) => ({
    ...n,
    nik:
      [n.prov, n.kk, n.cc, n.day + (n.female ? 40 : 0), n.month, n.yy].map((x) => String(x).padStart(2, '0')).join('') +
      String(n.serial).padStart(4, '0'),
  }));

/** Ways people write one digit string: spaces, dots, dashes, full-width digits, zero-width spaces. */
const written = (digits: string) =>
  fc.constantFrom(
    digits,
    digits.replace(/(\d{4})(?=\d)/g, '$1 '),
    digits.replace(/(\d{4})(?=\d)/g, '$1.'),
    digits.replace(/(\d{2})(?=\d)/g, '$1-'),
    digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    `\u200b${digits}\u00a0`,
  );

describe('parseNik', () => {
  it('never throws; an accepted NIK is 16 ASCII digits with a real, past birth date in the age window', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const r = parseNik(raw, OPTS);
        if (!r.ok) return;
        expect(r.nik).toMatch(/^[0-9]{16}$/);
        const d = new Date(`${r.birthDate}T00:00:00Z`);
        expect(d.toISOString().slice(0, 10)).toBe(r.birthDate);
        expect(r.birthDate < OPTS.today).toBe(true);
        expect(r.age).toBeGreaterThanOrEqual(OPTS.minAge);
        expect(r.age).toBeLessThan(OPTS.maxAge);
      }),
      RUNS,
    );
  });

  it('decodes what a valid NIK encodes, however it is written', () => {
    fc.assert(
      fc.property(
        validNik.chain((n) => fc.tuple(fc.constant(n), written(n.nik))),
        ([n, raw]) => {
          const r = parseNik(raw, { ...OPTS, minAge: 0, maxAge: 200 });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.nik).toBe(n.nik);
          expect(r.gender).toBe(n.female ? 'P' : 'L');
          expect(r.birthDate.slice(2)).toBe(
            `${String(n.yy).padStart(2, '0')}-${String(n.month).padStart(2, '0')}-${String(n.day).padStart(2, '0')}`,
          );
          expect(r.districtCode).toBe(`${n.nik.slice(0, 2)}.${n.nik.slice(2, 4)}.${n.nik.slice(4, 6)}`);
        },
      ),
      RUNS,
    );
  });

  it('refuses a valid NIK with any letter in it', () => {
    fc.assert(
      fc.property(validNik, fc.nat(15), fc.constantFrom(...'OoIlSBZabcxyz'), (n, at, letter) => {
        const r = parseNik(n.nik.slice(0, at) + letter + n.nik.slice(at + 1), OPTS);
        expect(r).toMatchObject({ ok: false, error: { code: 'not_digits' } });
      }),
      RUNS,
    );
  });
});

describe('parsePhone', () => {
  it('never throws; an accepted number is an Indonesian mobile in E.164 with matching national and display forms', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const r = parsePhone(raw);
        if (!r.ok) return;
        expect(r.e164).toMatch(/^\+628[1-9][0-9]{7,10}$/);
        expect(r.national).toBe(`0${r.e164.slice(3)}`);
        expect(r.display.replace(/-/g, '')).toBe(r.national);
        // Idempotent: what we store parses back to itself.
        expect(parsePhone(r.e164)).toMatchObject({ ok: true, e164: r.e164 });
      }),
      RUNS,
    );
  });

  it('reads one mobile number the same way in every form people type it', () => {
    const mobile = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{8,9}$/)).map(([d, rest]) => `8${d}${rest}`);
    fc.assert(
      fc.property(mobile, (national) => {
        const forms = [
          `0${national}`,
          `+62${national}`,
          `62${national}`,
          `0062${national}`,
          national,
          `+62 ${national.slice(0, 3)}-${national.slice(3)}`,
        ];
        const results = forms.map((f) => parsePhone(f));
        const first = results[0];
        if (!first?.ok) return;
        for (const r of results) expect(r).toEqual(first);
      }),
      RUNS,
    );
  });
});

describe('parseFullName', () => {
  it("never throws; an accepted name has only letters, marks, spaces and . ' -, 3–60 characters, tidy spacing", () => {
    const nameLike = fc.oneof(
      anyText,
      fc.stringMatching(/^[A-Za-z .'’-]{0,70}$/),
      fc
        .array(fc.constantFrom('budi', 'SITI', 'ni', 'made', "o'neil", 'al-amin', 'ida', 'ayu', 'I.', 'Ñusa', 'ǆemo'), { maxLength: 12 })
        .map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(nameLike, (raw) => {
        const r = parseFullName(raw);
        if (!r.ok) return;
        expect(r.name).toMatch(/^[\p{L}\p{M} .'-]+$/u);
        expect(r.name.length).toBeGreaterThanOrEqual(3);
        expect(r.name.length).toBeLessThanOrEqual(60);
        expect(r.name).toBe(r.name.trim());
        expect(r.name).not.toMatch(/\s{2}/);
        // Idempotent: a stored name is accepted unchanged when typed again.
        expect(parseFullName(r.name)).toEqual(r);
      }),
      RUNS,
    );
  });
});

describe('cleanText and parseCommand', () => {
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;
  const long = fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 400, max: 1200 }))
    .map(([s, n]) => s.repeat(n));

  it('cleanText never throws and leaves no control, zero-width or direction characters, at most MAX_TEXT long', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, long), (raw) => {
        const c = cleanText(raw);
        expect(c).not.toMatch(CONTROL);
        expect(c.length).toBeLessThanOrEqual(MAX_TEXT);
        expect(c.startsWith(' ')).toBe(false);
        // Well-formed text stays well-formed: the cut never splits an emoji into a lone surrogate.
        if (!LONE_SURROGATE.test(raw)) expect(c).not.toMatch(LONE_SURROGATE);
      }),
      RUNS,
    );
  });

  it('parseCommand never throws and only returns known commands, with a payload only of the allowed shape', () => {
    const commandish = fc.oneof(
      anyText,
      fc
        .tuple(fc.constantFrom('/start', '/START', '/start@daftarin_bot', 'menu', '/Batal', 'kembali!', 'BAHASA', 'help?'), fc.string())
        .map(([c, s]) => `${c} ${s}`),
    );
    fc.assert(
      fc.property(commandish, (raw) => {
        const c = parseCommand(cleanText(raw));
        if (!c) return;
        expect(['start', 'menu', 'cancel', 'back', 'help', 'language', 'optout', 'optin']).toContain(c.name);
        if (c.name === 'start' && c.payload !== undefined) expect(c.payload).toMatch(PAYLOAD_PATTERN);
      }),
      RUNS,
    );
  });
});
