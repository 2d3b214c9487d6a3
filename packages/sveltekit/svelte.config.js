// Read by svelte-package. The component is plain JavaScript, so no preprocessor is needed.
export default {};
