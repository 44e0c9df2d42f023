<?php
// Builds a small WordPress site in Asia/Beirut time and prints its export (WXR), made by
// WordPress's own export_wp(). Run by make.sh, which provides the database and the
// configuration. All the text is written for Khabar's tests.
$_SERVER['HTTP_HOST'] = 'wp.khabar.test';
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

function check($v, $what) {
  if (is_wp_error($v) || !$v) { fwrite(STDERR, "failed: $what\n"); exit(1); }
  return $v;
}

wp_install('موقع بيروت التجريبي', 'editor', 'editor@wp.khabar.test', true, '', 'not-a-secret-1');
update_option('timezone_string', 'Asia/Beirut');
update_option('gmt_offset', '');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
// WordPress's own sample post, page and comment go: the site holds only the text below.
foreach ([1, 2, 3] as $sample) wp_delete_post($sample, true);
wp_update_term(1, 'category', ['name' => 'عام']);
update_option('blogdescription', 'موقع صغير صُنع لاختبار الاستيراد');
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);

$editor = get_user_by('login', 'editor')->ID;
wp_update_user(['ID' => $editor, 'display_name' => 'رئيس التحرير']);
$reporter = check(wp_insert_user(['user_login' => 'reporter', 'user_pass' => 'not-a-secret-2',
  'user_email' => 'reporter@wp.khabar.test', 'display_name' => 'مراسلة الجنوب', 'role' => 'author']),
  'user');

// Categories: one with an Arabic slug, a child category, and Latin ones.
$local = check(wp_insert_term('محليات', 'category', ['slug' => 'محليات']), 'cat')['term_id'];
$south = check(wp_insert_term('الجنوب', 'category', ['slug' => 'الجنوب', 'parent' => $local]), 'cat')['term_id'];
$economy = check(wp_insert_term('اقتصاد', 'category', ['slug' => 'economy']), 'cat')['term_id'];
$culture = check(wp_insert_term('ثقافة', 'category', ['slug' => 'culture']), 'cat')['term_id'];

// A featured image: a real JPEG in the uploads folder, with the sizes WordPress makes.
$uploads = wp_upload_dir('2025/02');
wp_mkdir_p($uploads['path']);
$file = $uploads['path'] . '/harbour.jpg';
$im = imagecreatetruecolor(1200, 800);
imagefilledrectangle($im, 0, 0, 1200, 800, imagecolorallocate($im, 30, 90, 140));
imagejpeg($im, $file, 80);
$photo = check(wp_insert_attachment(['post_title' => 'مرفأ صيدا عند الفجر',
  'post_excerpt' => 'قوارب الصيد في مرفأ صيدا', 'post_mime_type' => 'image/jpeg',
  'post_author' => $reporter, 'post_date' => '2025-02-28 18:00:00'], $file), 'attachment');
update_post_meta($photo, '_wp_attachment_image_alt', 'قوارب صيد راسية في المرفأ');
wp_update_attachment_metadata($photo, wp_generate_attachment_metadata($photo, $file));

// 1. Published just after midnight on 1 March in Beirut (UTC+2): still February in UTC.
//    Arabic slug, two categories, tags, the featured image, and a comment thread.
$p1 = check(wp_insert_post(['post_title' => 'افتتاح سوق السمك الجديد في صيدا',
  'post_name' => 'افتتاح-سوق-السمك',
  'post_content' => "افتتحت البلدية صباح اليوم سوق السمك الجديد قرب المرفأ.\n\nوقال رئيس البلدية إن السوق يتسع لأربعين بائعاً، وإن الأسعار ستُعلن كل صباح.\nويفتح السوق أبوابه من السادسة حتى الظهر.",
  'post_excerpt' => 'سوق جديد للسمك قرب مرفأ صيدا.',
  'post_status' => 'publish', 'post_author' => $reporter, 'post_date' => '2025-03-01 00:30:00',
  'post_category' => [$south, $economy], 'tags_input' => ['صيدا', 'أسواق']]), 'post 1');
set_post_thumbnail($p1, $photo);
wp_update_post(['ID' => $photo, 'post_parent' => $p1]);

// 2. Published just after midnight on 1 August in summer time (UTC+3): July in UTC.
//    HTML with shortcodes, an embed, a caption, a table and a script that must not survive.
$gallery_ids = $photo;
// Written as the administrator, whose HTML WordPress does not filter (an author's would lose
// the script and the iframe on the way in).
wp_set_current_user($editor);
$p2 = check(wp_insert_post(['post_title' => 'مهرجان الكتاب يعود إلى بيروت',
  'post_name' => 'book-fair-returns',
  'post_content' => "<!-- wp:paragraph -->\n<p>يعود <strong>معرض الكتاب</strong> بعد غياب عامين، بمشاركة <a href=\"https://example.org/fair\">مئة دار نشر</a>.</p>\n<!-- /wp:paragraph -->\n\n[caption id=\"attachment_$photo\" align=\"aligncenter\" width=\"600\"]<img class=\"size-medium wp-image-$photo\" src=\"http://wp.khabar.test/wp-content/uploads/2025/02/harbour.jpg\" alt=\"المرفأ\" width=\"600\" height=\"400\" /> صورة من الافتتاح[/caption]\n\n[embed]https://www.youtube.com/watch?v=aaaaaaaaaaa[/embed]\n\n[gallery ids=\"$gallery_ids\" columns=\"2\"]\n\n<blockquote>الكتاب ما زال صديق الناس.</blockquote>\n\n<table><tr><th>اليوم</th><th>الموعد</th></tr><tr><td>الجمعة</td><td>العاشرة</td></tr></table>\n\n<script>alert('x')</script><iframe src=\"https://www.youtube.com/embed/aaaaaaaaaaa\" width=\"560\" height=\"315\"></iframe>\n\nالدخول مجاني للطلاب.",
  'post_status' => 'publish', 'post_author' => $editor, 'post_date' => '2025-08-01 01:15:00',
  'post_category' => [$culture, $local, $economy], 'tags_input' => ['كتب', 'بيروت']]), 'post 2');
wp_set_current_user(0);  // as before: nobody, so the pending post below keeps no slug

// 3. Private, 4. pending, 5. scheduled far ahead, 6. draft, 7. trashed (with a comment).
$p3 = check(wp_insert_post(['post_title' => 'مذكرة داخلية عن جدول المناوبات',
  'post_name' => 'shifts-memo', 'post_content' => 'جدول المناوبات للأسبوع المقبل.',
  'post_status' => 'private', 'post_author' => $editor, 'post_date' => '2025-04-10 09:00:00',
  'post_category' => [$local]]), 'post 3');
$p4 = check(wp_insert_post(['post_title' => 'تقرير عن أسعار الخبز ينتظر المراجعة',
  'post_name' => 'bread-prices', 'post_content' => 'ارتفع سعر ربطة الخبز مرتين هذا الشهر.',
  'post_status' => 'pending', 'post_author' => $reporter, 'post_date' => '2025-05-02 14:00:00',
  'post_category' => [$economy], 'tags_input' => ['أسعار']]), 'post 4');
$p5 = check(wp_insert_post(['post_title' => 'موعد انطلاق الماراثون السنوي',
  'post_name' => 'marathon-2031', 'post_content' => 'ينطلق الماراثون من الواجهة البحرية.',
  'post_status' => 'future', 'post_author' => $editor, 'post_date' => '2031-06-01 07:00:00',
  'post_category' => [$local], 'tags_input' => ['رياضة']]), 'post 5');
$p6 = check(wp_insert_post(['post_title' => 'مسودة عن حديقة عامة',
  'post_name' => 'park-draft', 'post_content' => 'فكرة تقرير عن الحديقة العامة.',
  'post_status' => 'draft', 'post_author' => $reporter, 'post_category' => [$local]]), 'post 6');
$p7 = check(wp_insert_post(['post_title' => 'خبر نُشر خطأً',
  'post_name' => 'published-by-mistake', 'post_content' => 'هذا الخبر حُذف.',
  'post_status' => 'publish', 'post_author' => $editor, 'post_date' => '2025-06-15 12:00:00',
  'post_category' => [$local]]), 'post 7');
wp_insert_comment(['comment_post_ID' => $p7, 'comment_author' => 'قارئ', 'comment_author_email' =>
  'reader7@mail.example', 'comment_content' => 'أين ذهب الخبر؟', 'comment_approved' => 1,
  'comment_date' => '2025-06-15 13:00:00']);
wp_trash_post($p7);

// 8. Pages, which are not posts: an "about" page and a child page.
$about = check(wp_insert_post(['post_type' => 'page', 'post_title' => 'من نحن',
  'post_name' => 'about', 'post_content' => 'موقع إخباري صغير من بيروت.',
  'post_status' => 'publish', 'post_author' => $editor, 'post_date' => '2025-01-05 10:00:00']), 'page');
check(wp_insert_post(['post_type' => 'page', 'post_title' => 'اتصل بنا', 'post_parent' => $about,
  'post_name' => 'contact', 'post_content' => 'راسلونا على العنوان المعروف.',
  'post_status' => 'publish', 'post_author' => $editor, 'post_date' => '2025-01-05 10:05:00']), 'page 2');

// A menu item, which is neither.
$menu = check(wp_create_nav_menu('القائمة الرئيسية'), 'menu');
wp_update_nav_menu_item($menu, 0, ['menu-item-title' => 'من نحن', 'menu-item-object' => 'page',
  'menu-item-object-id' => $about, 'menu-item-type' => 'post_type', 'menu-item-status' => 'publish']);

// Comments on post 1: a three-level thread, a pending one, a spam one with an approved reply
// (WordPress's exporter leaves spam out), a trashed one, and a pingback.
function comment($post, $parent, $author, $email, $text, $approved, $date, $url = '') {
  return check(wp_insert_comment(['comment_post_ID' => $post, 'comment_parent' => $parent,
    'comment_author' => $author, 'comment_author_email' => $email, 'comment_author_url' => $url,
    'comment_content' => $text, 'comment_approved' => $approved, 'comment_date' => $date,
    'comment_author_IP' => '192.0.2.10']), "comment $author");
}
$c1 = comment($p1, 0, 'أبو سمير', 'abu.samir@mail.example', 'خطوة طال انتظارها.', 1, '2025-03-01 08:00:00', 'https://abusamir.example');
$c2 = comment($p1, $c1, 'ريم', 'reem@mail.example', 'وهل الأسعار أرخص من السوق القديم؟', 1, '2025-03-01 09:10:00');
$c3 = comment($p1, $c2, 'أبو سمير', 'abu.samir@mail.example', 'نعم، أرخص قليلاً.', 1, '2025-03-01 09:40:00');
comment($p1, $c1, 'زائر', 'visitor@mail.example', 'رد ينتظر الموافقة.', 0, '2025-03-01 10:00:00');
$spam = comment($p1, 0, 'عروض', 'offers@spam.example', 'اربح جائزة الآن', 'spam', '2025-03-01 11:00:00', 'https://spam.example');
comment($p1, $spam, 'سلمى', 'salma@mail.example', 'هذا تعليق دعائي.', 1, '2025-03-01 11:30:00');
comment($p1, 0, 'غاضب', 'angry@mail.example', 'تعليق حذفه المحرر.', 'trash', '2025-03-01 12:00:00');
wp_insert_comment(['comment_post_ID' => $p1, 'comment_author' => 'مدونة صديقة',
  'comment_author_url' => 'https://blog.example/post', 'comment_content' => 'إشارة إلى الخبر',
  'comment_type' => 'pingback', 'comment_approved' => 1, 'comment_date' => '2025-03-02 08:00:00']);
// One comment on post 2, written in winter time, so its date crosses no boundary.
comment($p2, 0, 'قارئة', 'reader@mail.example', 'موعد ممتاز.', 1, '2025-08-01 10:00:00');

ob_start();
export_wp(['content' => 'all']);
$xml = ob_get_clean();
echo $xml;
