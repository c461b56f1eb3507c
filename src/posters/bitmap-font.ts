/**
 * A classic 5×7 bitmap font for printable ASCII, so posters can carry text without a font file or a
 * canvas library. Each glyph is 5 columns of 8 rows (the last row holds descenders); bit 0 of a column is its top row.
 */

// Ten hex digits (five column bytes) per glyph, from ' ' (32) to '~' (126).
const GLYPHS = [
  '000000000000005F00000007000700147F147F14242A7F2A12231308646236495522500005030000001C2241000041221C00082A1C2A0808083E0808', //   ! " # $ % & ' ( ) * +
  '00503000000808080808006060000020100804023E5149453E00427F400042615149462141454B311814127F1027454545393C4A4949300171090503', // , - . / 0 1 2 3 4 5 6 7
  '3649494936064949291E003636000000563600000814224100141414141400412214080201510906324979413E7E1111117E7F494949363E41414122', // 8 9 : ; < = > ? @ A B C
  '7F4141221C7F494949417F090909013E4149497A7F0808087F00417F41002040413F017F081422417F404040407F020C027F7F0408107F3E4141413E', // D E F G H I J K L M N O
  '7F090909063E4151215E7F09192946464949493101017F01013F4040403F1F2040201F3F4038403F631408146307087008076151494543007F414100', // P Q R S T U V W X Y Z [
  '02040810200041417F0004020102044040404040000102040020545454787F484444383844444420384444487F3854545418087E09010218A4A4A47C', // \ ] ^ _ ` a b c d e f g
  '7F0804047800447D40004080847D007F1028440000417F40007C041804787C080404783844444438FC2424241818242424FC7C080404084854545420', // h i j k l m n o p q r s
  '043F4440203C4040207C1C2040201C3C4030403C44281028441CA0A0A07C4464544C44000836410000007F000000413608000804081008', // t u v w x y z { | } ~
].join('');

/** Glyph width in font pixels; text advances by `GLYPH_WIDTH + 1` per character. */
export const GLYPH_WIDTH = 5;
/** Glyph height in font pixels, descenders (g j p q y) included. */
export const GLYPH_HEIGHT = 8;

/** The five column bytes of a printable ASCII character (anything else draws as '?'). */
export function glyphColumns(ch: string): number[] {
  let code = ch.charCodeAt(0);
  if (!(code >= 32 && code <= 126)) code = 63;
  const at = (code - 32) * 10;
  return [0, 1, 2, 3, 4].map((k) => Number.parseInt(GLYPHS.slice(at + k * 2, at + k * 2 + 2), 16));
}

/** Folds text to the characters the font has: accents and emoji dropped, typographic quotes and dashes made plain, others '?'. */
export function toFontText(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      // Emoji say nothing a poster needs, and a row of '?' would look broken.
      .replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, '')
      .replace(/[^\x20-\x7e]/gu, '?')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
