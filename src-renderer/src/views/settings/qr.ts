// QR codes as an SVG path, drawn by our own markup (no inline styles, CSP-safe). The encoder is
// loaded on demand, so it is never part of the window's first bundle or the quick-note popup.

export interface QrDrawing {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** One path of unit squares, one per dark module. */
  path: string;
}

const QUIET = 4;

export async function drawQr(text: string): Promise<QrDrawing> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + QUIET} ${row + QUIET}h1v1h-1z`);
    }
  }
  return { size: n + QUIET * 2, path: parts.join('') };
}
