import { useEffect, useState, type InputHTMLAttributes } from 'react';

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/mm/yyyy → yyyy-mm-dd, or undefined when it is not a real day. */
export function parseDayMonthYear(text: string): string | undefined {
  const match = DMY.exec(text.trim());
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

const show = (iso: string) => (iso ? iso.split('-').reverse().join('/') : '');

/**
 * A day typed as dd/mm/yyyy whatever the browser's language (a native date input follows the browser's, and shows
 * mm/dd/yyyy in an English one). `value` and `onChange` are yyyy-mm-dd; '' while empty or not yet a real day.
 */
export function DateInput({ value, onChange, ...rest }: { value: string; onChange: (iso: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(show(value));
  useEffect(() => {
    if (parseDayMonthYear(text) !== value) setText(show(value));
    // Only when the value changes from outside; typing keeps its own text.
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
