'use client';
/** Opens the browser's print dialog (hidden in the printout itself). */
import { buttonClass } from './ui';

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className={`${buttonClass('secondary')} print:hidden`} data-testid="print-button">
      Print
    </button>
  );
}
