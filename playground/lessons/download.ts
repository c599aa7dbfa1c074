/**
 * Hands a file the page made to the browser's downloads (progress, a lesson
 * to hand in): a link to a blob, clicked, then forgotten once the browser has
 * started the download.
 *
 * @example
 * downloadJson('kindling-progress.json', progressFile(progress));
 */
export function downloadJson(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
