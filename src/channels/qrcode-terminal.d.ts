/** Types for qrcode-terminal, which ships none: draws a QR code with block characters. */
declare module 'qrcode-terminal' {
  const qrcodeTerminal: {
    generate(input: string, options: { small?: boolean }, callback: (drawing: string) => void): void;
    setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void;
  };
  export default qrcodeTerminal;
}
