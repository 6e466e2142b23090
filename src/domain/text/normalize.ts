/**
 * Folds Vietnamese text for matching: NFC, lower case, no diacritics, đ → d, single spaces.
 * "Gửi phản ánh", "gui phan anh" and an NFD-encoded "Gửi phản ánh" all fold to "gui phan anh".
 */
export function fold(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
