/* Put on the include path of every layer except runtime/http (see agw_forbid_curl in
 * runtime/http/CMakeLists.txt), ahead of the system headers: on Debian the real curl.h is
 * on the compiler's default path, so without this any file could include it. */
#error "only runtime/http sees curl/curl.h: call the transport through http.h"
