/**
 * A result chart (the SVG from resultChartSvg) as a file to save: the SVG itself, or a PNG for slide tools that
 * take no SVG (Google Slides among them).
 */

export type ChartFormat = 'svg' | 'png';

/** Twice the SVG's size, so a chart stays sharp on a slide shown full screen. */
const PNG_SCALE = 2;

/** `svg` as a file in `format`. */
export async function chartImage(svg: string, format: ChartFormat): Promise<Blob> {
  const image = new Blob([svg], { type: 'image/svg+xml' });
  return format === 'svg' ? image : pngOf(image);
}

/**
 * The browser draws the SVG: loaded as an image, it renders the text with the installed fonts the SVG names
 * (an SVG image fetches nothing, and the chart asks for system fonts ending in sans-serif). An image from a
 * blob: URL is same-origin, so the canvas stays readable; the pages' img-src allows blob:.
 */
async function pngOf(svg: Blob): Promise<Blob> {
  const url = URL.createObjectURL(svg);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * PNG_SCALE;
    canvas.height = image.naturalHeight * PNG_SCALE;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas to draw the chart on');
    // A PNG keeps transparency: white under the chart, whatever the slide's background.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((png) => (png ? resolve(png) : reject(new Error('The chart could not be drawn as a PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
