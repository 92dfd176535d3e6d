import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';

const MM = 72 / 25.4;

/**
 * Draws a QR code linking to the verify page in the bottom-right corner of the last page, inside the 2 cm bottom
 * margin. Only an image is added: the PDF keeps Sarabun as its only font.
 */
export async function stampVerificationQr(pdf: Buffer, url: string): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const image = await document.embedPng(png);
  const page = document.getPage(document.getPageCount() - 1);
  const size = 17 * MM;
  page.drawImage(image, { x: page.getWidth() - 20 * MM - size, y: 2 * MM, width: size, height: size });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
