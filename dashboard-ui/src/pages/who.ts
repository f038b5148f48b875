/** The name an SRE acknowledges and schedules as, remembered in this browser. */
export function rememberedName(): string {
  try {
    return localStorage.getItem('sentinel.name') ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string) {
  try {
    localStorage.setItem('sentinel.name', name);
  } catch {
    // private mode: nothing to remember
  }
}
