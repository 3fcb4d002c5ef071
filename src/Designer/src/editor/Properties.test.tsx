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

  it('offers an input with options as a select and keeps a value outside them', () => {
    const onInput = vi.fn();
    const handoff = {
      typeName: 'Orchestrator.HandoffToTier', version: 1, category: 'Handoffs', displayName: 'Hand off to tier', isTrigger: false, outcomes: ['Accepted'],
      hasDynamicOutcomes: false, outputs: [], inputs: [{ name: 'toTier', displayName: 'ToTier', typeName: 'String', required: true, options: ['L1', 'L2', 'L3'] }],
    };
    render(<Properties activity={{ id: 'h', type: 'Orchestrator.HandoffToTier', toTier: { typeName: 'String', expression: { type: 'Literal', value: 'L4' } } }}
      descriptor={handoff} problems={[]} variables={[]} readOnly={false} onInput={onInput} onProperty={() => {}} />);
    const select = screen.getByRole('combobox', { name: 'ToTier' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'L1', 'L2', 'L3', 'L4']);
    expect(select.value).toBe('L4');
    fireEvent.change(select, { target: { value: 'L2' } });
    expect(onInput).toHaveBeenCalledWith(expect.objectContaining({ name: 'toTier' }), { expressionType: 'Literal', value: 'L2' });
  });

  it('lets a trigger start the workflow', () => {
    const onStarts = vi.fn();
    const receive = {
      typeName: 'Orchestrator.ReceiveTicketEvent', version: 1, category: 'Tickets', displayName: 'Receive ticket event', isTrigger: true, outcomes: [],
      hasDynamicOutcomes: false, outputs: [], inputs: [],
    };
    render(<Properties activity={{ id: 'r', type: 'Orchestrator.ReceiveTicketEvent', customProperties: { canStartWorkflow: false } }}
      descriptor={receive} problems={[]} variables={[]} readOnly={false} onInput={() => {}} onProperty={() => {}} onStartsWorkflow={onStarts} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Starts the workflow/ }));
    expect(onStarts).toHaveBeenCalledWith(true);
  });
});
