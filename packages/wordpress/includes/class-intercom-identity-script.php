<?php
/**
 * The inline boot script: settings as JSON that cannot end the script or start markup,
 * and the loader of @intercom-identity/core, byte for byte (the boot script vectors of
 * packages/core/test/vectors.json prove it).
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Script content; WordPress adds the tag (wp_print_inline_script_tag), so CSP nonce filters apply.
 */
final class Intercom_Identity_Script {

	// JSON as JavaScript's JSON.stringify writes it: slashes and non-ASCII text raw. U+2028 and
	// U+2029 come out as \u2028 and \u2029, since JSON_UNESCAPED_LINE_TERMINATORS is not set.
	const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

	// The core's escapes, in its lowercase hex (JSON_HEX_TAG would write \u003C).
	const UNSAFE = array(
		'<' => '\\u003c',
		'>' => '\\u003e',
		'&' => '\\u0026',
	);

	// The message the marker key is derived with, the core's.
	const MARKER_DERIVATION = 'intercom-identity person marker';

	// What the plugin asks WordPress to put on the boot script's tag. data-intercom-identity is
	// the core's marker attribute; WordPress adds the CSP nonce through its own filters.
	const ATTRIBUTES = array(
		'id'                     => 'intercom-identity-boot',
		'data-intercom-identity' => '',
	);

	/**
	 * JSON that is safe inside an inline script, the same bytes as the core's serializeForScript.
	 * Decoding it gives back exactly the input.
	 *
	 * @param mixed $value Value.
	 * @return string
	 * @throws Intercom_Identity_Error When the value is not JSON (invalid UTF-8 and the like).
	 */
	public static function json( $value ) {
		$json = function_exists( 'wp_json_encode' ) ? wp_json_encode( $value, self::JSON_FLAGS ) : json_encode( $value, self::JSON_FLAGS );
		if ( ! is_string( $json ) ) {
			throw new Intercom_Identity_Error( 'SETTINGS_INVALID', 'The Messenger settings cannot be written as JSON. Check that every attribute is valid UTF-8 text, a number, a boolean or null.' );
		}
		// <, > and & only occur inside JSON strings, where a \u escape means the same character.
		return strtr( $json, self::UNSAFE );
	}

	/**
	 * The localStorage key of the last person's marker, the core's personStorageKey.
	 *
	 * @param string $app_id App id.
	 * @return string
	 */
	public static function storage_key( $app_id ) {
		return 'intercom-identity:last-person:' . $app_id;
	}

	/**
	 * The name of the Messenger's session cookie for an app, the core's messengerSessionCookie.
	 *
	 * @param string $app_id App id.
	 * @return string
	 */
	public static function session_cookie( $app_id ) {
		return 'intercom-session-' . $app_id;
	}

	/**
	 * The script's JavaScript, the same bytes as the core's boot script content: sets
	 * window.intercomSettings and loads the Messenger once. With a gate (the core's BootGate),
	 * the core's gated loader: it waits for grantIntercomConsent() (consent) and/or for the
	 * first click on a small launcher (facade).
	 *
	 * @param array       $settings   Boot settings.
	 * @param string      $widget_url Messenger loader URL.
	 * @param string|null $marker_key The marker key of the web secret (Intercom_Identity_Config::marker_key()), null without one.
	 * @param array       $gate       'consent' => true to wait for consent, 'facade' => true to load on the first interaction.
	 * @return string
	 * @throws Intercom_Identity_Error When the settings are not JSON.
	 */
	public static function content( array $settings, $widget_url, $marker_key, array $gate = array() ) {
		$key    = self::storage_key( $settings['app_id'] );
		$person = self::person_marker( $settings, $marker_key );
		$cookie = self::session_cookie( $settings['app_id'] );
		$args   = self::json( $widget_url ) . ',' . self::json( $key ) . ',' . self::json( $person ) . ',' . self::json( $cookie );
		if ( ! empty( $gate['consent'] ) || ! empty( $gate['facade'] ) ) {
			return 'window.intercomSettings=' . self::json( $settings ) . ';' . self::gated_loader( $args, ! empty( $gate['consent'] ), ! empty( $gate['facade'] ) );
		}
		// The core's loader: a queueing Intercom() right away; a shutdown when the browser last
		// showed the Messenger to another person (the marker in localStorage), or cannot tell who
		// was here (no marker, storage that cannot be read) while a Messenger session cookie is
		// there: it fails closed. A marker that cannot be written is removed. Then the Messenger once.
		$loader = '(function(w,d,src,key,person,cookie){'
			. 'if(typeof w.Intercom==="function")return;'
			. 'var calls=[];'
			. 'var api=function(){calls.push(arguments)};'
			. 'api.q=calls;'
			. 'w.Intercom=api;'
			. 'var store=null,last=null,session=false;'
			. 'try{store=w.localStorage;last=store.getItem(key)}catch(e){store=null}'
			. 'try{session=("; "+d.cookie).indexOf("; "+cookie+"=")!==-1}catch(e){}'
			. 'if(last!==person&&(last===null?session:last!=="visitor")){api("shutdown");api("boot",w.intercomSettings)}'
			. 'if(store)try{store.setItem(key,person)}catch(e){try{store.removeItem(key)}catch(f){}}'
			. 'var tag=d.createElement("script");'
			. 'tag.async=true;'
			. 'tag.src=src;'
			. 'var self=d.currentScript;'
			. 'if(self&&self.nonce)tag.nonce=self.nonce;'
			. '(d.head||d.documentElement).appendChild(tag)'
			. '})(window,document,' . $args . ');';
		return 'window.intercomSettings=' . self::json( $settings ) . ';' . $loader;
	}

	/**
	 * The core's gated loader (script.ts gatedLoader), byte for byte. Intercom() queues at once,
	 * but nothing is read from or written to storage, nothing is loaded and no cookie can be set
	 * until the gate opens: grantIntercomConsent() (consent), or the first click on a small
	 * launcher or the first Intercom('show…') call (facade; with consent too, the launcher
	 * appears once consent is given). Then the marker check of the plain loader runs and the
	 * Messenger is loaded once, with the nonce the script carried. withdrawIntercomConsent()
	 * shuts the Messenger down, drops calls while consent is withdrawn, removes every intercom-*
	 * cookie on this host and its parent domains and the marker. window.intercomConsent says
	 * where the gate stands; an "intercom-identity:consent" event on window tells each change.
	 *
	 * @param string $args    The JSON of the widget URL, the marker key, the marker and the session cookie, comma-separated.
	 * @param bool   $consent Wait for consent.
	 * @param bool   $facade  Load on the first interaction.
	 * @return string
	 */
	private static function gated_loader( $args, $consent, $facade ) {
		return '(function(w,d,src,key,person,cookie,consent,facade){'
			. 'if(typeof w.Intercom==="function")return;'
			. 'var calls=[],loaded=false,real=null,button=null,had=null;'
			. 'var state=consent&&w.intercomConsent!=="granted"?"pending":"granted";'
			. 'var self=d.currentScript,nonce=self&&self.nonce;'
			. 'var api=function(){if(state==="withdrawn")return;calls.push(arguments);if(facade&&!loaded&&state==="granted"&&/^show/.test(arguments[0]))load()};'
			. 'api.q=calls;'
			. 'w.Intercom=api;'
			. 'function drop(){if(button&&button.parentNode)button.parentNode.removeChild(button);button=null}'
			. 'function clear(){'
			. 'try{w.localStorage.removeItem(key)}catch(e){}'
			. 'try{var parts=d.cookie.split(";"),host=w.location.hostname.split("."),i,j,n;'
			. 'for(i=0;i<parts.length;i++){n=parts[i].split("=")[0].replace(/^\\s+|\\s+$/g,"");'
			. 'if(n.indexOf("intercom-")!==0)continue;'
			. 'd.cookie=n+"=;path=/;max-age=0";'
			. 'for(j=0;j<host.length-1;j++)d.cookie=n+"=;path=/;max-age=0;domain=."+host.slice(j).join(".")}}catch(e){}}'
			. 'function load(){'
			. 'if(loaded)return;'
			. 'loaded=true;'
			. 'if(button)button.setAttribute("aria-busy","true");'
			. 'var store=null,last=null,session=false;'
			. 'try{store=w.localStorage;last=store.getItem(key)}catch(e){store=null}'
			. 'try{session=("; "+d.cookie).indexOf("; "+cookie+"=")!==-1}catch(e){}'
			. 'if(last!==person&&(last===null?session:last!=="visitor"))calls.unshift(["shutdown"],["boot",w.intercomSettings]);'
			. 'if(store)try{store.setItem(key,person)}catch(e){try{store.removeItem(key)}catch(f){}}'
			. 'var tag=d.createElement("script");'
			. 'tag.async=true;'
			. 'tag.src=src;'
			. 'if(nonce)tag.nonce=nonce;'
			. 'tag.onload=function(){drop();if(w.Intercom!==api)real=w.Intercom;if(state==="withdrawn"&&real){w.Intercom=api;try{real("shutdown")}catch(e){}clear()}};'
			. 'tag.onerror=function(){loaded=false;if(button)button.removeAttribute("aria-busy")};'
			. '(d.head||d.documentElement).appendChild(tag)}'
			. 'function launcher(){'
			. 'var s=w.intercomSettings||{};'
			. 'if(!facade||loaded||button||state!=="granted"||s.hide_default_launcher===true)return;'
			. 'if(!d.body||d.readyState==="loading"){d.addEventListener("DOMContentLoaded",launcher);return}'
			. 'var x=typeof s.horizontal_padding==="number"?s.horizontal_padding:20,y=typeof s.vertical_padding==="number"?s.vertical_padding:20;'
			. 'var color=typeof s.action_color==="string"&&/^#[0-9A-Fa-f]{3,8}$/.test(s.action_color)?s.action_color:"#1f2937";'
			. 'var ns="http://www.w3.org/2000/svg",svg=d.createElementNS(ns,"svg"),path=d.createElementNS(ns,"path");'
			. 'button=d.createElement("button");'
			. 'button.type="button";'
			. 'button.setAttribute("data-intercom-facade","");'
			. 'button.setAttribute("aria-label","Open the messenger");'
			. 'button.style.cssText="position:fixed;z-index:2147483000;bottom:"+y+"px;"+(s.alignment==="left"?"left:":"right:")+x+"px;width:48px;height:48px;padding:12px;border:0;border-radius:50%;cursor:pointer;box-shadow:0 1px 6px rgba(0,0,0,.06),0 2px 32px rgba(0,0,0,.16);background:"+color;'
			. 'svg.setAttribute("viewBox","0 0 24 24");'
			. 'svg.setAttribute("width","24");'
			. 'svg.setAttribute("height","24");'
			. 'svg.setAttribute("aria-hidden","true");'
			. 'path.setAttribute("fill","#fff");'
			. 'path.setAttribute("d","M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");'
			. 'svg.appendChild(path);'
			. 'button.appendChild(svg);'
			. 'button.onclick=function(){api("show")};'
			. 'd.body.appendChild(button)}'
			. 'function start(){if(facade)launcher();else load()}'
			. 'function tell(){w.intercomConsent=state;try{w.dispatchEvent(new CustomEvent("intercom-identity:consent",{detail:state}))}catch(e){}}'
			. 'if(consent){'
			. 'w.grantIntercomConsent=function(){if(state==="granted")return;state="granted";tell();if(real){if(had===person)try{w.localStorage.setItem(key,person)}catch(e){}w.Intercom=real;real("boot",w.intercomSettings)}else start()};'
			. 'w.withdrawIntercomConsent=function(){state="withdrawn";calls.length=0;drop();if(w.Intercom!==api){real=w.Intercom;w.Intercom=api}if(real)try{real("shutdown")}catch(e){}try{had=w.localStorage.getItem(key)}catch(e){had=null}clear();tell()};'
			. 'tell()}'
			. 'if(state==="granted")start()'
			. '})(window,document,' . $args . ',' . ( $consent ? 'true' : 'false' ) . ',' . ( $facade ? 'true' : 'false' ) . ');';
	}

	/**
	 * A script for the first page after a logout, printed after the boot script. It forgets the
	 * last person's marker (the person logged out: nothing of them stays in the browser). The
	 * loader shuts the last session down only when the browser remembers another person or holds
	 * a session cookie without a marker; after a logout the server knows, so this shuts it down
	 * even when the marker was cleared or storage is off. A shutdown the loader already queued is
	 * not repeated.
	 *
	 * @param string $app_id App id.
	 * @return string
	 * @throws Intercom_Identity_Error When the app id is not JSON (never, for a valid one).
	 */
	public static function after_logout( $app_id ) {
		return '(function(w,key){'
			. 'try{w.localStorage.removeItem(key)}catch(e){}'
			. 'var api=w.Intercom;'
			. 'if(typeof api!=="function")return;'
			. 'var q=api.q||[];'
			. 'for(var i=0;i<q.length;i++)if(q[i][0]==="shutdown")return;'
			. 'api("shutdown");api("boot",w.intercomSettings)'
			. '})(window,' . self::json( self::storage_key( $app_id ) ) . ');';
	}

	/**
	 * A script printed after the boot script while the WP Consent API is active: the Messenger
	 * follows that API's consent for one category. Once the page is parsed (the API's script is
	 * in the footer) it grants consent when wp_has_consent(category) is true, unless the API
	 * waits for a consent management plugin to define the consent type (waitfor_consent_hook):
	 * then it checks again on wp_consent_type_defined. Each wp_listen_for_consent_change event
	 * (its detail maps categories to "allow" or "deny") grants or withdraws.
	 *
	 * @param string $category A WP Consent API category.
	 * @return string
	 * @throws Intercom_Identity_Error When the category is not JSON (never, for a valid one).
	 */
	public static function follow_consent_api( $category ) {
		return '(function(w,d,category){'
			. 'function grant(){if(typeof w.grantIntercomConsent==="function")w.grantIntercomConsent()}'
			. 'function check(){if(typeof w.wp_has_consent==="function"&&w.wp_has_consent(category))grant()}'
			. 'function ready(){if(!w.waitfor_consent_hook)check()}'
			. 'd.addEventListener("wp_listen_for_consent_change",function(e){'
			. 'var value=e.detail?e.detail[category]:null;'
			. 'if(value==="allow")grant();'
			. 'else if(value==="deny"&&typeof w.withdrawIntercomConsent==="function")w.withdrawIntercomConsent()});'
			. 'd.addEventListener("wp_consent_type_defined",check);'
			. 'if(d.readyState==="loading")d.addEventListener("DOMContentLoaded",ready);else ready()'
			. '})(window,document,' . self::json( $category ) . ');';
	}

	/**
	 * Who the settings identify, as the core's identityKey: user_id, else the JWT's user_id, else email.
	 *
	 * @param array $settings Settings.
	 * @return string|null
	 */
	public static function identity_key( array $settings ) {
		if ( isset( $settings['user_id'] ) && is_string( $settings['user_id'] ) ) {
			return 'user_id:' . $settings['user_id'];
		}
		if ( isset( $settings['intercom_user_jwt'] ) && is_string( $settings['intercom_user_jwt'] ) ) {
			$parts = explode( '.', $settings['intercom_user_jwt'] );
			if ( 3 === count( $parts ) ) {
				$claims = json_decode( (string) base64_decode( strtr( $parts[1], '-_', '+/' ) ), true );
				if ( is_array( $claims ) && isset( $claims['user_id'] ) && is_string( $claims['user_id'] ) ) {
					return 'user_id:' . $claims['user_id'];
				}
			}
		}
		if ( isset( $settings['email'] ) && is_string( $settings['email'] ) ) {
			return 'email:' . $settings['email'];
		}
		return null;
	}

	/**
	 * The marker key of a web secret, the core's personMarkerKey: HMAC-SHA256(secret,
	 * "intercom-identity person marker") as lowercase hex. Derive it once per configuration
	 * (Intercom_Identity_Config::marker_key() keeps it); never print it.
	 *
	 * @param string $secret Web secret.
	 * @return string
	 */
	public static function marker_key( $secret ) {
		return hash_hmac( 'sha256', self::MARKER_DERIVATION, $secret );
	}

	/**
	 * The marker the loader keeps in localStorage, the core's personMarker: "visitor" for nobody,
	 * "unverified" for a person without a marker key (no web secret: the Messenger refuses them),
	 * else the first 32 hex digits of HMAC-SHA256(marker key, identity key). Whoever reads the
	 * browser's storage cannot tell whose id or email it stands for.
	 *
	 * @param array       $settings   Settings.
	 * @param string|null $marker_key Marker key, null when no web secret is set.
	 * @return string
	 */
	public static function person_marker( array $settings, $marker_key ) {
		$key = self::identity_key( $settings );
		if ( null === $key ) {
			return 'visitor';
		}
		if ( ! is_string( $marker_key ) || '' === $marker_key ) {
			return 'unverified';
		}
		return substr( hash_hmac( 'sha256', $key, $marker_key ), 0, 32 );
	}
}
