/** An apple with a leaf and a bite on the right, in the text colour (Apple HIG: logo left of the title). */
export function AppleLogo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 7.2c-1.4-1-3.7-1.1-5.1.1-1.8 1.5-2.1 4.5-1.1 7.3.9 2.5 2.5 5 4.2 5 .9 0 1.3-.5 2-.5s1.1.5 2 .5c1.6 0 3-2.1 3.9-4.2-1.5-.7-2.4-2.1-2.4-3.7 0-1.4.7-2.6 1.9-3.3-.9-1.3-2.4-1.8-3.5-1.7-.8.1-1.4.5-1.9.5ZM12.2 6.1c0-1.5 1.2-2.8 2.7-3 .1 1.6-1.1 2.9-2.7 3Z"
      />
    </svg>
  );
}
