// A QR code as SVG markup, for a Lightning invoice to scan. The qrcode library loads only when a code is first drawn.

export async function qrSvg(text: string): Promise<string> {
  const QR = await import("qrcode");
  return QR.toString(text, {
    type: "svg",
    margin: 1,
    errorCorrectionLevel: "M",
    color: { dark: "#09090b", light: "#ffffff" },
  });
}
