// The host page's language and theme switches. Flex takes both when it starts
// (the agent's language preference, the Flex theme's isLight), so a switch
// reloads the desktop with `?locale=` or `?theme=` set, as an agent changing
// them in Flex would see it.
const React = window.React;

/** The plugin's locales (plugin/src/feature/callback-and-voicemail/flex-hooks/strings). */
export const LOCALES = ['en-US', 'es-MX', 'es-ES', 'pt-BR', 'th', 'zh-Hans'];
export const THEMES = ['light', 'dark'];

/** Reads `?locale=` and `?theme=`; unknown values fall back to en-US and light. */
export function pageOptions(params) {
  const locale = LOCALES.find((l) => l.toLowerCase() === String(params.get('locale') || '').toLowerCase()) || 'en-US';
  const theme = THEMES.includes(params.get('theme')) ? params.get('theme') : 'light';
  return { locale, theme, isLight: theme === 'light' };
}

/** Each locale named in its own language, e.g. "ไทย" and "中文（简体）". */
function localeName(tag) {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}

function reloadWith(key, value) {
  const url = new URL(window.location.href);
  url.searchParams.set(key, value);
  window.location.assign(url.toString());
}

export function PageSwitches({ host }) {
  return (
    <>
      <select aria-label="Language" data-testid="locale" value={host.locale} onChange={(e) => reloadWith('locale', e.target.value)}>
        {LOCALES.map((tag) => <option key={tag} value={tag} lang={tag}>{localeName(tag)}</option>)}
      </select>
      <select aria-label="Theme" data-testid="theme" value={host.theme} onChange={(e) => reloadWith('theme', e.target.value)}>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </>
  );
}
