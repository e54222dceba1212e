import type { SVGProps } from 'react';

/** A file leaving its window, for "Drag out…": drawn like the app's other line icons (16px grid, text colour). */
export function DragOutIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      <path d="M9.25 2.25H3.5c-.69 0-1.25.56-1.25 1.25v9c0 .69.56 1.25 1.25 1.25h9c.69 0 1.25-.56 1.25-1.25V6.75" />
      <path d="M7.5 8.5 13.75 2.25M10 2.25h3.75V6" />
    </svg>
  );
}
