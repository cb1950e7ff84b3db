import { createContext, useContext } from "react";

// The per-request Content-Security-Policy nonce, for the few inline scripts Remix renders.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
