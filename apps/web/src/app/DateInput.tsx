import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { dayMonthYear, parseDayMonthYear } from './format';

/**
 * A day typed as dd/mm/yyyy whatever the browser's language (a native date input follows the browser's, and shows
 * mm/dd/yyyy in an English one). `value` and `onChange` are yyyy-mm-dd; '' while empty or not yet a real day.
 */
export function DateInput({
  value,
  onChange,
  ...rest
}: { value: string; onChange: (iso: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(dayMonthYear(value));
  useEffect(() => {
    // Only a value set from outside replaces the text; a half-typed day (value '') keeps what is typed.
    if ((parseDayMonthYear(text) ?? '') !== value) setText(dayMonthYear(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run when the value changes, not on every keystroke (see above)
  }, [value]);
  const invalid = text !== '' && parseDayMonthYear(text) === undefined;
  return (
    <input
      {...rest}
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      value={text}
      aria-invalid={invalid}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDayMonthYear(e.target.value) ?? '');
      }}
    />
  );
}
