/**
 * Language of the UI: English or Chinese, switchable at any time and remembered per browser.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { zh } from './zh.js';

/** A language the UI speaks. */
export type Language = 'en' | 'zh';

/** Translates a key, filling `{name}` parameters. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, zh };

/** The catalog's text of `key` in `language`, with its `{name}` parameters filled. */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[language][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function initialLanguage(): Language {
  const saved = localStorage.getItem('caseflow.lang');
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the language and `t` to the tree. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem('caseflow.lang', next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const value = useMemo<I18n>(() => {
    const t: Translate = (key, params) => translate(language, key, params);
    return { language, setLanguage, t };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its setter and the translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * Picks the part of a bilingual label for the current language: `已受理 Received` shows as
 * `已受理` in Chinese and `Received` in English; a one-language label shows as it is.
 */
export function pickLabel(label: string, language: Language): string {
  const match = /^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(label.trim());
  if (!match) return label;
  return language === 'zh' ? match[1].trim() : match[2].trim();
}
