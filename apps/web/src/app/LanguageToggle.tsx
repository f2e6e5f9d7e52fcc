import { useTranslation } from 'react-i18next';

export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" lang={next} onClick={() => void i18n.changeLanguage(next)} title={t('nav.language')}>
      {next === 'en' ? 'English' : 'Tiếng Việt'}
    </button>
  );
}
