import { createSignal } from "solid-js";

export type Theme = "light" | "dark";
const KEY = "caravel.theme";

function initial(): Theme {
  if (typeof document === "undefined") return "light";
  return document.documentElement.classList.contains("dark") ? "dark" : "light";
}

const [theme, setThemeSignal] = createSignal<Theme>(initial());
export { theme };

export function setTheme(t: Theme): void {
  setThemeSignal(t);
  document.documentElement.classList.toggle("dark", t === "dark");
  try {
    localStorage.setItem(KEY, t);
  } catch {
    /* private mode */
  }
}

export function toggleTheme(): void {
  setTheme(theme() === "dark" ? "light" : "dark");
}
