/**
 * GitHub's Invertocat, drawn simply: a cat's head, body and arm cut out of a disc, in the text
 * colour (GitHub's logo rules: the mark in one colour, unaltered proportions, never alone as text).
 */
export function GitHubMark({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        fillRule="evenodd"
        d="M12 1a11 11 0 1 0 0 22a11 11 0 1 0 0-22ZM7.6 8.3 7.4 5.2l2.3 1.4a9 9 0 0 1 4.6 0l2.3-1.4-.2 3.1a4.6 4.6 0 0 1 1.2 3.1c0 3.2-2 4.6-4.4 4.9.5.5.7 1.2.7 2v3.2h-3.8v-2.1c-2.1.4-3-.8-3.4-1.8-.3-.6-.7-1-1.2-1.2.8-.2 1.5.4 1.9 1.1.5.8 1.4 1 2.7.6.1-.7.3-1.3.7-1.8-2.4-.3-4.4-1.7-4.4-4.9 0-1.2.4-2.3 1.2-3.1Z"
      />
    </svg>
  );
}
