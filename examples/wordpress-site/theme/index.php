<?php
/**
 * The only template: the header says who is signed in and links to log in or out.
 *
 * @package IntercomDemo
 */

?><!doctype html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo( 'charset' ); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="<?php echo esc_url( get_stylesheet_uri() ); ?>">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<header>
	<a href="<?php echo esc_url( home_url( '/' ) ); ?>"><?php bloginfo( 'name' ); ?></a>
	<?php if ( is_user_logged_in() ) : ?>
		<span>Signed in as <?php echo esc_html( wp_get_current_user()->display_name ); ?></span>
		<a href="<?php echo esc_url( get_edit_profile_url() ); ?>">Profile</a>
		<a href="<?php echo esc_url( wp_logout_url( home_url( '/' ) ) ); ?>">Log out</a>
	<?php else : ?>
		<a href="<?php echo esc_url( wp_login_url( home_url( '/' ) ) ); ?>">Log in</a>
	<?php endif; ?>
</header>
<main>
	<?php
	while ( have_posts() ) :
		the_post();
		?>
		<article>
			<h2><a href="<?php the_permalink(); ?>"><?php the_title(); ?></a></h2>
			<?php the_content(); ?>
		</article>
	<?php endwhile; ?>
</main>
<?php wp_footer(); ?>
</body>
</html>
