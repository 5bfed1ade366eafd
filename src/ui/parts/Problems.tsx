// A config's problems, one message per field, announced to screen readers; text only.
export function Problems({ errors, testId, separator = "; " }: { errors: readonly string[]; testId?: string; separator?: string }) {
  if (errors.length === 0) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {errors.join(separator)}
    </p>
  );
}
