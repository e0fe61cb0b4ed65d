// Wording shared by every part that talks to people: "1 scenario", "3 scenarios".
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
