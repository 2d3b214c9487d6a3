// For type checking only: the Nuxt and Nitro hook names (render:html, nitro:init, nitro:config) that Nuxt's Nitro integration declares.
import '@nuxt/nitro-server';
