import { configure } from '@testing-library/dom';

// Tells React its updates are driven by `act`, as @testing-library/react expects.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// Integration tests wait on a real server and MongoDB sharing a small CI machine.
configure({ asyncUtilTimeout: 5000 });
