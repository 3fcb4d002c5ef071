import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Properties } from './EditorPage';

afterEach(cleanup);

const descriptor = {
  typeName: 'Elsa.WriteLine', version: 1, category: 'Primitives', displayName: 'Write Line', isTrigger: false, outcomes: ['Done'],
  hasDynamicOutcomes: false, outputs: [], inputs: [{ name: 'Text', displayName: 'Text', typeName: 'String', required: true }],
};

describe('Properties', () => {
  it('shows a field problem under its input and commits an edit on Enter', () => {
    const onInput = vi.fn();
    render(<Properties activity={{ id: 'w1', name: 'WriteLine1', type: 'Elsa.WriteLine', text: { typeName: 'String', expression: { type: 'Literal', value: 'hi' } } }}
      descriptor={descriptor} problems={[{ activityId: 'w1', field: 'Text', message: 'Text: is required', severity: 'Error' }]} variables={[]} readOnly={false}
      onInput={onInput} onProperty={() => {}} />);
    expect(screen.getByText('Text: is required')).toBeTruthy();
    const box = screen.getByRole('textbox', { name: 'Text' });
    fireEvent.change(box, { target: { value: 'hello' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onInput).toHaveBeenCalledWith(expect.objectContaining({ name: 'Text' }), { expressionType: 'Literal', value: 'hello' });
  });

  it('switches an input to JavaScript keeping its text', () => {
    const onInput = vi.fn();
    render(<Properties activity={{ id: 'w1', type: 'Elsa.WriteLine' }} descriptor={descriptor} problems={[]} variables={[]} readOnly={false} onInput={onInput} onProperty={() => {}} />);
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'JavaScript' } });
    expect(onInput).toHaveBeenCalledWith(expect.objectContaining({ name: 'Text' }), { expressionType: 'JavaScript', value: '' });
  });
});
