/** Form controls shared by the views: a segmented side switch, labelled inputs and selects. */
import { el } from '../dom';

/**
 * Radio buttons as a segmented control; calls `onChange` with the chosen value. `label` names the
 * group for a screen reader ("Show biases of"); `name` is only the inputs' internal group id.
 */
export function segmented<T extends string>(name: string, options: { value: T; label: string }[], current: T, onChange: (value: T) => void, label = 'Show'): HTMLElement {
  const group = el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': label });
  for (const option of options) {
    const input = el('input', { type: 'radio', name, value: option.value, id: `${name}-${option.value}`, checked: option.value === current, 'data-testid': `${name}-${option.value}` });
    input.addEventListener('change', () => { if (input.checked) onChange(option.value); });
    group.append(input, el('label', { for: `${name}-${option.value}` }, option.label));
  }
  return group;
}

/** A number input with a label; `onChange` gets a clamped integer. */
export function numberInput(label: string, testId: string, value: number, min: number, max: number, onChange: (value: number) => void): HTMLElement {
  const input = el('input', { type: 'number', min, max, step: 1, value, 'data-testid': testId });
  input.addEventListener('change', () => {
    const parsed = Math.round(Number(input.value));
    const clamped = Number.isFinite(parsed) ? Math.max(min, Math.min(max, parsed)) : value;
    input.value = String(clamped);
    onChange(clamped);
  });
  return el('label', { class: 'field' }, el('span', {}, label), input);
}

/** A select with a label. */
export function selectInput<T extends string>(label: string, testId: string, options: { value: T; label: string }[], current: T, onChange: (value: T) => void): HTMLElement {
  const select = el('select', { 'data-testid': testId });
  for (const option of options) select.append(el('option', { value: option.value, selected: option.value === current }, option.label));
  select.addEventListener('change', () => onChange(select.value as T));
  return el('label', { class: 'field' }, el('span', {}, label), select);
}
