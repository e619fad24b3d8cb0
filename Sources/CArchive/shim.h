#include <archive.h>
#include <archive_entry.h>

// Swift does not import libarchive's file-type macros (they carry a cast), so they are restated as constants.
static const unsigned int hepbox_archive_type_regular = AE_IFREG;
static const unsigned int hepbox_archive_type_directory = AE_IFDIR;
